import FakeAPIKit

/// The users of a generated account, produced on demand from their id: admins, agents and end-users
/// live in separate id ranges, so any id can be told apart and generated without a table.
struct UserDirectory: Sendable {
    static let adminBase: Int64 = 360_000_000_000
    static let agentBase: Int64 = 361_000_000_000
    static let endUserBase: Int64 = 362_000_000_000
    /// The author of automation comments; no users endpoint returns it.
    static let systemAuthorID: Int64 = -1

    let seed: UInt64
    let subdomain: String
    let adminCount: Int
    let agentCount: Int
    let endUserCount: Int
    /// Users are created before this time.
    let historyStart: Int64

    init(spec: ZendeskAccountSpec, historyStart: Int64) {
        self.seed = SplitMix64.mix(spec.seed, 0x05E2)
        self.subdomain = spec.subdomain
        self.adminCount = 2
        self.agentCount = min(40, 6 + max(0, spec.ticketCount) / 400)
        self.endUserCount = max(10, max(0, spec.ticketCount) * 2 / 3 + 1)
        self.historyStart = historyStart
    }

    func adminID(_ index: Int) -> Int64 { Self.adminBase + Int64(index % adminCount) }
    func agentID(_ index: Int) -> Int64 { Self.agentBase + Int64(index % agentCount) }
    func endUserID(_ index: Int) -> Int64 { Self.endUserBase + Int64(index % endUserCount) }

    /// The user with `id`, or nil when the account has none (the system author -1 included).
    func user(id: Int64) -> GeneratedUser? {
        let ranges: [(base: Int64, count: Int, role: String)] = [
            (Self.adminBase, adminCount, "admin"), (Self.agentBase, agentCount, "agent"),
            (Self.endUserBase, endUserCount, "end-user"),
        ]
        for range in ranges where id >= range.base && id < range.base + Int64(range.count) {
            return makeUser(id: id, index: Int(id - range.base), role: range.role)
        }
        return nil
    }

    private func makeUser(id: Int64, index: Int, role: String) -> GeneratedUser {
        var rng = SplitMix64(seed: seed, index: UInt64(bitPattern: id))
        let book = Vocabulary.nameBook(for: Phrasebook.all[rng.weighted(Phrasebook.weights)].book.locale)
        let given = rng.pick(book.given)
        let family = rng.pick(book.family)
        let name = book.familyFirst ? family + book.separator + given : given + book.separator + family
        let email: String
        switch role {
        case "end-user":
            let plus = rng.chance(perMille: 100) ? "+zendesk" : ""
            email = "customer\(index)\(plus)@\(book.emailDomain)"
        case "agent":
            email = "agent\(index)@\(subdomain)-support.example.com"
        default:
            email = "admin\(index)@\(subdomain)-support.example.com"
        }
        let phone =
            rng.chance(perMille: 300) ? "+\(rng.int(1...98)) \(rng.int(100...999)) \(rng.int(1_000...9_999))" : nil
        let organizationID: Int64? =
            role == "end-user" && rng.chance(perMille: 400) ? 370_000_000_000 + Int64(rng.below(50)) : nil
        let createdAt = historyStart - Int64(rng.int(86_400...(2 * 365 * 86_400)))
        var tags: [String] = []
        if role == "end-user", rng.chance(perMille: 200) {
            tags.append(rng.pick(["vip", "b2b", "trial", "enterprise"]))
        }
        return GeneratedUser(
            id: id,
            name: name,
            givenName: given,
            email: email,
            role: role,
            locale: book.locale,
            timeZone: book.timeZone,
            phone: phone,
            organizationID: organizationID,
            createdAt: createdAt,
            tags: tags
        )
    }
}
