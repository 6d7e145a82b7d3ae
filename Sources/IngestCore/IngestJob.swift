public import Foundation

/// The queue message of one backfill job: a flat snake_case JSON object.
///
/// ```json
/// {"source": "intercom_api_conversations_backfill", "tenant_id": "acme", "job_id": "3f2a…",
///  "conversation_ids": ["123"], "per_page": 150, "order": "desc", "starting_after": null,
///  "max_pages": null, "max_conversations": 200}
/// ```
/// `source`, `tenant_id` and `job_id` are the envelope; every other key belongs to the config and is
/// validated by the connector that owns `source`.
public struct IngestJob: Sendable, Equatable {
    public var source: String
    public var tenantID: TenantID
    public var jobID: JobID
    /// The config fields, exactly as received (validated later by the connector for `source`).
    public var configFields: [String: JSONValue]

    public init(source: String, tenantID: TenantID, jobID: JobID, configFields: [String: JSONValue]) {
        self.source = source
        self.tenantID = tenantID
        self.jobID = jobID
        self.configFields = configFields
    }

    /// A job for a validated config.
    public init<Config: BackfillIngestConfig>(config: Config, jobID: JobID = .random()) {
        self.init(source: Config.source, tenantID: config.tenantID, jobID: jobID, configFields: config.fields)
    }

    /// The largest message accepted by ``decode(_:)``, matching SQS's limit.
    public static let maximumMessageBytes = 262_144

    static let envelopeKeys: Set<String> = ["source", "tenant_id", "job_id"]

    /// Parses a message body. Refuses bodies that are not a JSON object, lack `source` or `tenant_id`,
    /// or carry them with the wrong type; the error names the field.
    public static func decode(_ body: Data) throws(ConfigValidationError) -> IngestJob {
        guard body.count <= maximumMessageBytes else {
            throw ConfigValidationError(
                field: "(message)",
                problem: "is \(body.count) bytes; at most \(maximumMessageBytes) bytes are allowed"
            )
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: body)
        } catch {
            throw ConfigValidationError(field: "(message)", problem: "is not valid JSON")
        }
        guard case .object(var object) = value else {
            throw ConfigValidationError(
                field: "(message)",
                problem: "must be a JSON object, got \(value.typeDescription)"
            )
        }
        guard case .string(let source)? = object.removeValue(forKey: "source"), !source.isEmpty else {
            throw ConfigValidationError(
                field: "source",
                problem: "is required and must be a non-empty string naming a connector source"
            )
        }
        let tenantID: TenantID
        switch object.removeValue(forKey: "tenant_id") {
        case .string(let raw)?: tenantID = try TenantID(raw)
        case nil, .null?: throw ConfigValidationError(field: "tenant_id", problem: "is required (\(TenantID.allowed))")
        case let other?:
            throw ConfigValidationError(field: "tenant_id", problem: "must be a string, got \(other.typeDescription)")
        }
        let jobID: JobID
        switch object.removeValue(forKey: "job_id") {
        case .string(let raw)?: jobID = try JobID(raw)
        // Producers that do not assign ids (e.g. a hand-written `aws sqs send-message`) still get one.
        case nil, .null?: jobID = .random()
        case let other?:
            throw ConfigValidationError(field: "job_id", problem: "must be a string, got \(other.typeDescription)")
        }
        return IngestJob(source: source, tenantID: tenantID, jobID: jobID, configFields: object)
    }

    /// The message body: one flat JSON object with sorted keys.
    public func encode() -> Data {
        var object = configFields
        object["source"] = .string(source)
        object["tenant_id"] = .string(tenantID.rawValue)
        object["job_id"] = .string(jobID.rawValue)
        return JSONValue.object(object).canonicalData
    }
}

extension IngestJob {
    /// Why this job cannot run under its id when `existing` is the record already stored for that
    /// id: a job id belongs to one tenant and source for good. `nil` when there is no conflict.
    public func idConflict(with existing: JobRecord?) -> String? {
        guard let existing, existing.tenantID != tenantID || existing.source != source else { return nil }
        return "job_id \(jobID) already belongs to another tenant's or source's job; give this job a new job_id"
    }
}
