public import IngestCore

/// The config of a Zendesk Support tickets backfill (source `zendesk_api_tickets_backfill`): every
/// ticket through the cursor-based incremental export, or specific ids.
///
/// Fields as in the job message: `subdomain` (required: the account's `https://SUBDOMAIN.zendesk.com`),
/// `ticket_ids` (fetch only these, with `tickets/show_many`), `start_time` (Unix seconds, default 0 =
/// everything), `max_tickets`, `per_page` (export page size, 1…1000, default 1000) and `email` (with an
/// API token: the agent's address; without it the OAuth access token is used).
public struct ZendeskTicketsBackfillConfig: BackfillIngestConfig {
    public static let source = "zendesk_api_tickets_backfill"

    public var tenantID: TenantID
    public var subdomain: String
    public var ticketIDs: [Int64]?
    public var startTime: Int64
    public var maxTickets: Int?
    public var perPage: Int
    public var email: String?

    /// Ids allowed in one job message.
    public static let maxTicketIDs = 10_000
    public static let maxPerPage = 1_000

    public init(
        tenantID: TenantID,
        subdomain: String,
        ticketIDs: [Int64]? = nil,
        startTime: Int64 = 0,
        maxTickets: Int? = nil,
        perPage: Int = maxPerPage,
        email: String? = nil
    ) {
        self.tenantID = tenantID
        self.subdomain = subdomain
        self.ticketIDs = ticketIDs
        self.startTime = startTime
        self.maxTickets = maxTickets
        self.perPage = perPage
        self.email = email
    }

    public init(tenantID: TenantID, reading reader: inout ConfigReader) throws(ConfigValidationError) {
        self.tenantID = tenantID
        subdomain = try ZendeskConfigFields.subdomain(&reader, required: true) ?? ""
        ticketIDs = try reader.optionalIDList(
            "ticket_ids",
            maxCount: Self.maxTicketIDs,
            isValid: ZendeskConfigFields.isValidTicketID,
            allowed: "Zendesk ticket ids (positive whole numbers)"
        )?.compactMap { Int64($0) }
        let start = try reader.optionalInt("start_time", in: 0...ZendeskConfigFields.latestTime)
        startTime = Int64(start ?? 0)
        maxTickets = try reader.optionalInt("max_tickets", in: 1...Int.max)
        perPage = try reader.optionalInt("per_page", in: 1...Self.maxPerPage) ?? Self.maxPerPage
        email = try ZendeskConfigFields.email(&reader)
        if ticketIDs != nil, start != nil {
            throw ConfigValidationError(
                field: "start_time",
                problem: "applies to exporting all tickets and cannot be combined with ticket_ids"
            )
        }
    }

    public var fields: [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "subdomain": .string(subdomain),
            "ticket_ids": ticketIDs.map { .array($0.map { .number(Double($0)) }) } ?? .null,
            "start_time": .number(Double(startTime)),
            "max_tickets": maxTickets.map { .number(Double($0)) } ?? .null,
            "per_page": .number(Double(perPage)),
        ]
        if let email { fields["email"] = .string(email) }
        return fields
    }

    /// Whether this backfill reads the whole export from the beginning, so that its cursor can be the
    /// sync mark.
    /// A backfill of the whole account (no ids, no start time, no limit): the only kind that sets the
    /// sync mark and counts as a full backfill.
    var exportsEverything: Bool { ticketIDs == nil && maxTickets == nil && startTime == 0 }
}

/// Config fields the Zendesk jobs share.
enum ZendeskConfigFields {
    /// 9999-12-31T23:59:59Z.
    static let latestTime = 253_402_300_799

    /// `subdomain`: 1 to 63 lower-case letters, digits or '-', not starting or ending with '-'.
    static func subdomain(_ reader: inout ConfigReader, required: Bool) throws(ConfigValidationError) -> String? {
        let allowed =
            "the account's subdomain, as in https://SUBDOMAIN.zendesk.com (1 to 63 lower-case letters, digits or "
            + "'-', not starting or ending with '-')"
        guard let value = try reader.optionalString("subdomain") else {
            if required { throw ConfigValidationError(field: "subdomain", problem: "is required: \(allowed)") }
            return nil
        }
        guard isValidSubdomain(value) else {
            throw ConfigValidationError(field: "subdomain", problem: "must be \(allowed), got \"\(value.prefix(80))\"")
        }
        return value
    }

    static func isValidSubdomain(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard (1...63).contains(bytes.count), bytes.first != 0x2D, bytes.last != 0x2D else { return false }
        return bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }

    /// `email`: the agent's address an API token belongs to.
    static func email(_ reader: inout ConfigReader) throws(ConfigValidationError) -> String? {
        guard let value = try reader.optionalString("email") else { return nil }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), value.utf8.count <= 254,
            !value.contains(where: { $0.isWhitespace || $0 == "/" || $0 == ":" })
        else {
            throw ConfigValidationError(
                field: "email",
                problem: "must be the email address of the agent the API token belongs to, got \"\(value.prefix(80))\""
            )
        }
        return value
    }

    static func isValidTicketID(_ id: String) -> Bool {
        guard let value = Int64(id) else { return false }
        return value > 0
    }
}
