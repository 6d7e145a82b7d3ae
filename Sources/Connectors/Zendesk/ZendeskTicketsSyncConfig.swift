public import IngestCore

/// The config of a Zendesk incremental sync (source `zendesk_api_tickets_sync`).
///
/// Fields as in the job message, all optional: `subdomain` and `email` (default: those of the backfill
/// that set the mark), and `start_time` (Unix seconds: read the export from this time instead of the
/// stored cursor). With neither a stored mark nor `start_time` the job refuses to run: a full backfill
/// sets the first mark.
public struct ZendeskTicketsSyncConfig: BackfillIngestConfig {
    public static let source = "zendesk_api_tickets_sync"

    public var tenantID: TenantID
    public var subdomain: String?
    public var startTime: Int64?
    public var email: String?

    public init(tenantID: TenantID, subdomain: String? = nil, startTime: Int64? = nil, email: String? = nil) {
        self.tenantID = tenantID
        self.subdomain = subdomain
        self.startTime = startTime
        self.email = email
    }

    public init(tenantID: TenantID, reading reader: inout ConfigReader) throws(ConfigValidationError) {
        self.tenantID = tenantID
        subdomain = try ZendeskConfigFields.subdomain(&reader, required: false)
        startTime = try reader.optionalInt("start_time", in: 0...ZendeskConfigFields.latestTime).map(Int64.init)
        email = try ZendeskConfigFields.email(&reader)
    }

    public var fields: [String: JSONValue] {
        var fields: [String: JSONValue] = [:]
        if let subdomain { fields["subdomain"] = .string(subdomain) }
        if let startTime { fields["start_time"] = .number(Double(startTime)) }
        if let email { fields["email"] = .string(email) }
        return fields
    }
}
