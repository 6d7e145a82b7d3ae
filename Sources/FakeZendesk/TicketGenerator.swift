import FakeAPIKit

/// Generates the tickets of one account from its spec: headers eagerly (cheap), comments on demand.
///
/// History runs from ``historyStart`` to ``historyEnd`` (about two minutes before the server started).
/// Tickets are created in id order across it; each ticket's comments follow its creation, and its
/// `updated_at` and `generated_timestamp` never pass ``historyEnd``. The ``ZendeskAccountSpec/burstSize``
/// oldest tickets all end at ``burstTime`` (both timestamps), as after a bulk macro.
struct TicketGenerator: Sendable {
    let spec: ZendeskAccountSpec
    let users: UserDirectory
    let historyStart: Int64
    let historyEnd: Int64
    let burstTime: Int64
    let longTickets: Set<Int>
    private let seed: UInt64

    init(spec: ZendeskAccountSpec, serverStart: Int64) {
        self.spec = spec
        let end = serverStart - 120
        let start = min(spec.startTime ?? (serverStart - 30 * 86_400), end - 1)
        self.historyStart = start
        self.historyEnd = end
        self.burstTime = end - max(1, (end - start) / 4)
        self.users = UserDirectory(spec: spec, historyStart: start)
        self.seed = SplitMix64.mix(spec.seed, 0x7A11)
        let count = max(0, spec.ticketCount)
        let longCount = min(max(0, spec.longTicketCount), count)
        self.longTickets = Set((0..<longCount).map { ($0 * 2 + 1) * count / (2 * longCount) })
    }

    var count: Int { max(0, spec.ticketCount) }

    /// The generated ticket at `index` (id `index + 1`).
    func header(at index: Int) -> TicketHeader {
        var rng = SplitMix64(seed: seed, index: UInt64(index))
        let isBurst = index < spec.burstSize
        let isLong = longTickets.contains(index)
        let cap = isBurst ? burstTime - 1 : historyEnd
        let span = max(1, historyEnd - historyStart - 600)
        let step = max(1, span / Int64(max(1, count)))
        let base = historyStart + span * Int64(index) / Int64(max(1, count)) + Int64(rng.below(Int(min(step, 1 << 30))))
        let created = max(historyStart, min(base, cap - 1))

        var status = ["new", "open", "pending", "hold", "solved", "closed"][rng.weighted([6, 20, 14, 5, 30, 25])]
        if isLong, status == "new" { status = "open" }
        var commentCount = 1 + rng.below(4) + rng.below(4) + rng.below(4)
        if rng.chance(perMille: 100) { commentCount += rng.int(5...20) }
        if isLong { commentCount = rng.int(101...350) }
        if status == "new" { commentCount = 1 }
        let endsWithSystem = status == "closed" && commentCount >= 2 && rng.chance(perMille: 300)

        // Comment times: gaps of minutes to days, squeezed into the room left before the cap.
        var gaps: [Int64] = []
        gaps.reserveCapacity(commentCount)
        for _ in 1..<max(1, commentCount) {
            switch rng.weighted([3, 4, 3]) {
            case 0: gaps.append(Int64(rng.int(60...900)))
            case 1: gaps.append(Int64(rng.int(900...14_400)))
            default: gaps.append(Int64(rng.int(14_400...259_200)))
            }
        }
        let room = max(0, cap - created - 1)
        let total = gaps.reduce(0, +)
        var times: [Int64] = [created]
        var cumulative: Int64 = 0
        for gap in gaps {
            cumulative += gap
            times.append(
                created + (total > room ? Int64(Double(cumulative) * Double(room) / Double(total)) : cumulative)
            )
        }
        var updatedAt = min(
            cap,
            (times.last ?? created) + (status == "solved" || status == "closed" ? Int64(rng.int(0...600)) : 0)
        )
        var generated = min(cap, updatedAt + (rng.chance(perMille: 150) ? Int64(rng.int(1...7_200)) : 0))
        var tags = (0..<rng.below(4)).map { _ in rng.pick(Vocabulary.tags) }
        if isBurst {
            updatedAt = burstTime
            generated = burstTime
            tags.append("bulk_update")
        }
        return makeHeader(
            index: index,
            rng: &rng,
            status: status,
            tags: tags,
            times: times,
            updatedAt: updatedAt,
            generated: generated,
            endsWithSystem: endsWithSystem
        )
    }

    /// A ticket created through the API at `time` (index at or past ``count``): status "new", the
    /// requester's one comment, all three timestamps `time`.
    func createdHeader(at index: Int, time: Int64) -> TicketHeader {
        var rng = SplitMix64(seed: SplitMix64.mix(seed, 0xC4EA7E), index: UInt64(index))
        return makeHeader(
            index: index,
            rng: &rng,
            status: "new",
            tags: rng.chance(perMille: 500) ? [rng.pick(Vocabulary.tags)] : [],
            times: [time],
            updatedAt: time,
            generated: time,
            endsWithSystem: false
        )
    }

    private func makeHeader(
        index: Int,
        rng: inout SplitMix64,
        status: String,
        tags: [String],
        times: [Int64],
        updatedAt: Int64,
        generated: Int64,
        endsWithSystem: Bool
    ) -> TicketHeader {
        let id = Int64(index) + 1
        let requesterID = users.endUserID(rng.below(users.endUserCount))
        let requester = users.user(id: requesterID)
        // Mostly the requester's own language.
        var book = Phrasebook.all.firstIndex { $0.book.locale == requester?.locale } ?? 0
        if rng.chance(perMille: 200) { book = rng.weighted(Phrasebook.weights) }
        let assigneeID: Int64? =
            status == "new"
            ? nil : rng.chance(perMille: 900) ? users.agentID(rng.below(users.agentCount)) : users.adminID(0)
        let writer = CommentWriter(
            generator: self,
            ticketID: id,
            phrasebook: book,
            requesterID: requesterID,
            assigneeID: assigneeID
        )
        var subject = writer.fill(rng.pick(Phrasebook.all[book].book.subjects))
        switch rng.below(20) {
        case 0: subject = "Re: " + subject
        case 1: subject = "Fwd: " + subject
        case 2: subject += " " + rng.pick(RealWorldText.emoji)
        case 3:
            subject = writer.fill(Phrasebook.all[rng.weighted(Phrasebook.weights)].book.subjects[0]) + " / " + subject
        default: break
        }
        let commentSeed = SplitMix64.mix(seed, UInt64(bitPattern: id) &* 0x9E37)
        let first = writer.comment(ordinal: 0, time: times[0], seed: commentSeed, author: .requester)
        let satisfaction =
            status == "solved" || status == "closed" ? rng.pick(["offered", "good", "bad", "unoffered"]) : "unoffered"
        return TicketHeader(
            id: id,
            phrasebook: book,
            subject: subject,
            description: first.text.plain,
            status: status,
            priority: rng.chance(perMille: 300) ? nil : rng.pick(["low", "normal", "normal", "high", "urgent"]),
            type: rng.chance(perMille: 250) ? nil : rng.pick(["question", "incident", "problem", "task"]),
            tags: Array(Set(tags)).sorted(),
            requesterID: requesterID,
            assigneeID: assigneeID,
            groupID: assigneeID == nil ? nil : 360_000_700_000 + Int64(rng.below(6)),
            organizationID: requester?.organizationID,
            brandID: 360_000_001,
            channel: rng.pick(Vocabulary.channels),
            supportType: rng.below(1_000_000) < Int(spec.aiAgentShare * 1_000_000) ? "ai_agent" : "agent",
            externalID: rng.chance(perMille: 100) ? "ext-\(rng.hex(count: 10))" : nil,
            satisfaction: satisfaction,
            followerIDs: assigneeID.map { [$0] } ?? [],
            collaboratorIDs: rng.chance(perMille: 100) ? [users.endUserID(rng.below(users.endUserCount))] : [],
            customFieldValue: rng.chance(perMille: 400) ? nil : rng.pick(["web_app", "ios_app", "android_app", "api"]),
            createdAt: times[0],
            updatedAt: updatedAt,
            generatedTimestamp: generated,
            commentTimes: times,
            endsWithSystemComment: endsWithSystem,
            commentSeed: commentSeed
        )
    }
}

extension TicketGenerator {
    /// "Acme Support" for the subdomain "acme".
    var supportName: String {
        let name = spec.subdomain
        return (name.first.map { String($0).uppercased() + name.dropFirst() } ?? "") + " Support"
    }
}
