/// The validated configuration of one backfill job.
///
/// Every config carries its tenant and its `source` key, which selects the extractor. A config is
/// built from the flat job message by ``init(tenantID:reading:)`` (strict: unknown keys and bad
/// values are refused with the field named) and written back by ``fields``.
public protocol BackfillIngestConfig: Sendable, Equatable {
    /// The job message's `source` value for this config, e.g. `intercom_api_conversations_backfill`.
    static var source: String { get }

    var tenantID: TenantID { get }

    /// Reads and validates the config fields; call `reader.finish()` is done by the caller.
    init(tenantID: TenantID, reading reader: inout ConfigReader) throws(ConfigValidationError)

    /// The config fields as they appear in the job message (without `source`, `tenant_id`, `job_id`);
    /// absent optionals are `null` so the message shows every field.
    var fields: [String: JSONValue] { get }
}

extension BackfillIngestConfig {
    /// Validates a flat object holding only config fields (no `source`/`tenant_id`/`job_id`).
    public static func validate(tenantID: TenantID, fields: [String: JSONValue]) throws(ConfigValidationError) -> Self {
        var reader = ConfigReader(fields)
        let config = try Self(tenantID: tenantID, reading: &reader)
        try reader.finish()
        return config
    }
}
