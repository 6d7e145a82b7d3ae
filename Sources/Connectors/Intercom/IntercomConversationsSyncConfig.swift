public import IngestCore

/// The config of an Intercom incremental sync (source `intercom_api_conversations_sync`).
///
/// Fields as in the job message: `updated_since` (Unix seconds; overrides the stored mark) and
/// `region` (`us`/`eu`/`au`). With neither a stored mark nor `updated_since`, the job refuses to run:
/// a full backfill sets the first mark.
public struct IntercomConversationsSyncConfig: BackfillIngestConfig {
    public static let source = "intercom_api_conversations_sync"

    public var tenantID: TenantID
    public var updatedSince: Int?
    public var region: IntercomRegion?

    public init(tenantID: TenantID, updatedSince: Int? = nil, region: IntercomRegion? = nil) {
        self.tenantID = tenantID
        self.updatedSince = updatedSince
        self.region = region
    }

    public init(tenantID: TenantID, reading reader: inout ConfigReader) throws(ConfigValidationError) {
        self.tenantID = tenantID
        updatedSince = try reader.optionalInt("updated_since", in: 0...253_402_300_799)
        region = try reader.optionalChoice("region", of: IntercomRegion.allCases.map(\.rawValue)).flatMap(
            IntercomRegion.init(rawValue:)
        )
    }

    public var fields: [String: JSONValue] {
        var fields: [String: JSONValue] = [:]
        if let updatedSince { fields["updated_since"] = .number(Double(updatedSince)) }
        if let region { fields["region"] = .string(region.rawValue) }
        return fields
    }
}
