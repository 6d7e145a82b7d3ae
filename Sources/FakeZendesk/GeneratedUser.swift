/// A user of a generated account: an end-user (requester), an agent or an admin.
struct GeneratedUser: Sendable, Hashable {
    var id: Int64
    var name: String
    /// First name as greetings use it.
    var givenName: String
    var email: String
    /// "end-user", "agent" or "admin".
    var role: String
    var locale: String
    var timeZone: String
    var phone: String?
    var organizationID: Int64?
    var createdAt: Int64
    var tags: [String]
}
