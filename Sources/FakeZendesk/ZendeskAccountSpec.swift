/// Parameters of a deterministic generated Zendesk Support account.
///
/// The same spec (and start time) always produces the same tickets, comments and users, byte for byte.
public struct ZendeskAccountSpec: Sendable {
    /// Seed of every random choice in the account.
    public var seed: UInt64
    /// The account's subdomain, e.g. "acme"; it appears in support addresses and user emails.
    public var subdomain: String
    /// Tickets generated at start (ids 1 … ticketCount).
    public var ticketCount: Int
    /// This many tickets (the oldest ones) share one `generated_timestamp` and `updated_at`, as after a
    /// bulk macro: three quarters of the way from ``startTime`` to the end of the generated history.
    public var burstSize: Int
    /// Tickets with 101 … 350 comments, spread over the account.
    public var longTicketCount: Int
    /// The role of the account's credential: an agent gets 403 on the incremental exports.
    public var role: ZendeskRole
    /// Nil: the account's key is an OAuth access token, sent as `Authorization: Bearer KEY`. Set: the key is
    /// an API token, sent as Basic `base64("EMAIL/token:KEY")` with this email.
    public var email: String?
    /// Share of tickets with `support_type` "ai_agent" (hidden by the export unless
    /// `support_type_scope=all` or `ai_agent`).
    public var aiAgentShare: Double
    /// Unix seconds when the generated history starts; nil: 30 days before the server's clock at start.
    /// Tickets are created and updated between this and about two minutes before the server started.
    public var startTime: Int64?

    /// Creates a spec.
    public init(
        seed: UInt64 = 1,
        subdomain: String = "acme",
        ticketCount: Int,
        burstSize: Int = 0,
        longTicketCount: Int = 0,
        role: ZendeskRole = .admin,
        email: String? = nil,
        aiAgentShare: Double = 0.05,
        startTime: Int64? = nil
    ) {
        self.seed = seed
        self.subdomain = subdomain
        self.ticketCount = ticketCount
        self.burstSize = burstSize
        self.longTicketCount = longTicketCount
        self.role = role
        self.email = email
        self.aiAgentShare = aiAgentShare
        self.startTime = startTime
    }
}

/// The role of the user a credential belongs to.
public enum ZendeskRole: String, Sendable {
    case admin
    case agent
}
