import FakeAPIKit
import IngestCore

/// Writes the comments of one ticket: who wrote each, and its text in the ticket's language, with the
/// HTML, odd characters and occasional long pastes real tickets have.
struct CommentWriter: Sendable {
    let generator: TicketGenerator
    let ticketID: Int64
    let book: Phrasebook
    let requester: GeneratedUser?
    let assignee: GeneratedUser?
    let orderNumber: String
    let amount: String
    let date: String

    init(generator: TicketGenerator, ticketID: Int64, phrasebook: Int, requesterID: Int64, assigneeID: Int64?) {
        self.generator = generator
        self.ticketID = ticketID
        self.book = Phrasebook.all[phrasebook].book
        self.requester = generator.users.user(id: requesterID)
        self.assignee = assigneeID.flatMap(generator.users.user(id:))
        self.orderNumber = "#\(100_000 + (ticketID &* 7_919) % 900_000)"
        self.amount = Self.amount(locale: book.locale, ticketID: ticketID)
        self.date = Self.date(locale: book.locale, time: generator.historyStart + (ticketID * 86_400) % 2_000_000)
    }

    /// The author of generated comment `ordinal` of `count` (the first is the requester's).
    static func author(
        ordinal: Int,
        count: Int,
        endsWithSystem: Bool,
        rng: inout SplitMix64
    ) -> (GeneratedComment.Author, Bool) {
        if ordinal == 0 { return (.requester, true) }
        if endsWithSystem, ordinal == count - 1 { return (.system, true) }
        switch rng.below(100) {
        case 0..<42: return (.requester, true)
        case 42..<82: return (.agent, true)
        case 82..<94: return (.agent, false)
        case 94..<97: return (.admin, false)
        default: return (.copiedEndUser, true)
        }
    }

    /// Comment `ordinal` made at `time`; `seed` is the ticket's comment seed.
    func comment(
        ordinal: Int,
        time: Int64,
        seed: UInt64,
        author: GeneratedComment.Author,
        isPublic: Bool = true
    ) -> GeneratedComment {
        var rng = SplitMix64(seed: seed, index: UInt64(ordinal) &+ 0x1000)
        let users = generator.users
        let user: GeneratedUser?
        switch author {
        case .requester: user = requester
        case .copiedEndUser: user = users.user(id: users.endUserID(rng.below(users.endUserCount)))
        case .agent:
            user =
                rng.chance(perMille: 800)
                ? assignee ?? users.user(id: users.agentID(rng.below(users.agentCount)))
                : users.user(id: users.agentID(rng.below(users.agentCount)))
        case .admin: user = users.user(id: users.adminID(rng.below(users.adminCount)))
        case .system: user = nil
        }
        let text: RichText
        switch author {
        case .requester where ordinal == 0: text = opening(rng: &rng)
        case .requester, .copiedEndUser: text = followUp(rng: &rng)
        case .agent, .admin: text = isPublic ? reply(agent: user, rng: &rng) : note(rng: &rng)
        case .system: text = RichText(blocks: [.paragraph([.text(rng.pick(Vocabulary.systemComments))])])
        }
        let id = 1_000_000_000_000 + ticketID * 100_000 + Int64(ordinal)
        var attachments: [GeneratedComment.Attachment] = []
        if author != .system, rng.chance(perMille: author == .requester ? 120 : 50) {
            for position in 0..<(1 + rng.below(2)) {
                let file = rng.pick(Vocabulary.attachmentNames)
                let isImage = file.contentType.hasPrefix("image/")
                attachments.append(
                    .init(
                        id: 7_000_000_000_000 + (ticketID * 100_000 + Int64(ordinal)) * 4 + Int64(position),
                        fileName: file.name,
                        contentType: file.contentType,
                        size: rng.int(2_000...4_000_000),
                        width: isImage ? rng.pick([1_280, 1_920, 828, 3_024]) : nil,
                        height: isImage ? rng.pick([720, 1_080, 1_792, 4_032]) : nil,
                        inline: isImage && rng.chance(perMille: 200)
                    )
                )
            }
        }
        return GeneratedComment(
            id: id,
            auditID: 3_000_000_000_000_000 + ticketID * 100_000 + Int64(ordinal),
            authorID: user?.id ?? UserDirectory.systemAuthorID,
            authorName: user?.name ?? "Zendesk",
            authorRole: user?.role ?? "system",
            isPublic: isPublic,
            text: RenderedText(text),
            createdAt: time,
            attachments: attachments,
            channel: author == .system
                ? "rule" : author == .requester || author == .copiedEndUser ? rng.pick(Vocabulary.channels) : "web",
            client: rng.pick(Vocabulary.clients),
            ipAddress: "\(rng.pick([203, 198, 192, 100, 81, 5]))."
                + "\(rng.int(0...255)).\(rng.int(0...255)).\(rng.int(1...254))",
            location: rng.below(Vocabulary.locations.count)
        )
    }

    /// Replaces `{name}`, `{agent}`, `{order}`, `{amount}` and `{date}`; right-to-left text gets its
    /// numbers in bidi isolates, as editors insert them.
    func fill(_ template: String) -> String {
        guard template.contains("{") else { return template }
        func isolated(_ value: String) -> String { book.rightToLeft ? "\u{2068}" + value + "\u{2069}" : value }
        return
            template
            .replacingAll("{name}", with: requester?.givenName ?? "")
            .replacingAll("{agent}", with: assignee?.givenName ?? "Support")
            .replacingAll("{order}", with: isolated(orderNumber))
            .replacingAll("{amount}", with: isolated(amount))
            .replacingAll("{date}", with: isolated(date))
    }

    private func decorated(_ line: String, rng: inout SplitMix64) -> String {
        var line = fill(line)
        if rng.chance(perMille: 200) { line += " " + rng.pick(RealWorldText.emoji) }
        if rng.chance(perMille: 100) { line = rng.pick(RealWorldText.invisibles) + line }
        if book.rightToLeft, rng.chance(perMille: 300) { line = "\u{200F}" + line }
        return line
    }

    private func opening(rng: inout SplitMix64) -> RichText {
        var blocks: [RichText.Block] = []
        if rng.chance(perMille: 800) { blocks.append(.paragraph([.text(fill(rng.pick(book.greetings)))])) }
        blocks.append(.paragraph([.text(decorated(rng.pick(book.problems), rng: &rng))]))
        switch rng.below(10) {
        case 0, 1:
            blocks.append(.numbered((0..<(2 + rng.below(2))).map { _ in [.text(fill(rng.pick(book.problems)))] }))
        case 2, 3: blocks.append(.paragraph([.text(decorated(rng.pick(book.problems), rng: &rng))]))
        case 4: blocks.append(.paragraph([.text(rng.pick(RealWorldText.oddities))]))
        case 5:
            let url = "https://files.example.com/s/\(rng.hex(count: 8))?lang=\(book.locale)&v=2"
            blocks.append(.paragraph([.text(fill(rng.pick(book.followUps)) + " "), .link(label: url, url: url)]))
        default: break
        }
        if rng.chance(perMille: 700) {
            blocks.append(.paragraph([.text(fill(rng.pick(book.closings))), .lineBreak, .text(requester?.name ?? "")]))
        }
        if rng.chance(perMille: 30) { blocks += longPaste(rng: &rng) }
        return RichText(blocks: blocks)
    }

    private func followUp(rng: inout SplitMix64) -> RichText {
        var blocks: [RichText.Block] = [.paragraph([.text(decorated(rng.pick(book.followUps), rng: &rng))])]
        if rng.chance(perMille: 250) {
            blocks.append(.paragraph([.text(decorated(rng.pick(book.problems), rng: &rng))]))
        }
        if rng.chance(perMille: 20) { blocks += longPaste(rng: &rng) }
        return RichText(blocks: blocks)
    }

    private func reply(agent: GeneratedUser?, rng: inout SplitMix64) -> RichText {
        var blocks: [RichText.Block] = [.paragraph([.text(decorated(rng.pick(book.replies), rng: &rng))])]
        if rng.chance(perMille: 400) {
            let article =
                "https://\(generator.spec.subdomain).zendesk.com/hc/\(book.locale)/articles/\(360_000_000_000 + Int64(rng.below(9_999)))"
            blocks.append(
                .bullets([
                    [.text(fill(rng.pick(book.replies)))], [.link(label: fill(rng.pick(book.subjects)), url: article)],
                ])
            )
        }
        if rng.chance(perMille: 300) {
            blocks.append(.paragraph([.text(fill("{order}") + ": "), .strong(fill(rng.pick(book.signOffs)))]))
        }
        blocks.append(
            .paragraph([
                .text(rng.pick(book.signOffs)), .lineBreak, .text(agent?.name ?? "Support"), .lineBreak, .text("—"),
                .nonBreakingSpace, .emphasis(generator.supportName),
            ])
        )
        return RichText(blocks: blocks)
    }

    private func note(rng: inout SplitMix64) -> RichText {
        var runs: [RichText.Inline] = [.text(fill(rng.pick(book.notes)))]
        if rng.chance(perMille: 300) { runs = [.strong("@" + (assignee?.name ?? "team")), .nonBreakingSpace] + runs }
        return RichText(blocks: [.paragraph(runs)])
    }

    /// A pasted log or a quoted email thread of 4 to 20 KB.
    private func longPaste(rng: inout SplitMix64) -> [RichText.Block] {
        let target = rng.int(4_000...20_000)
        if rng.bool() {
            var log = ""
            var second = 0
            while log.utf8.count < target {
                let status = rng.pick(["500", "502", "503", "429", "200"])
                log += "2024-05-0\(1 + second / 3_600 % 9)T10:\(10 + second / 60 % 50):\(10 + second % 50)Z "
                log += (status == "200" ? "INFO " : "ERROR ") + "request_id=\(rng.hex(count: 16)) status=\(status) "
                log += "msg=\"upstream <gateway> timeout & retry\" 支付失败 ошибка خطأ\n"
                second += 1
            }
            return [.paragraph([.text(fill(rng.pick(book.followUps)))]), .preformatted(log)]
        }
        var quoted: [[RichText.Inline]] = []
        var size = 0
        while size < target {
            let line = fill(rng.pick(book.problems)) + " " + fill(rng.pick(book.replies))
            quoted.append([.strong(date + ", " + (requester?.name ?? "") + ":"), .lineBreak, .text(line)])
            size += line.utf8.count + 40
        }
        return [.paragraph([.text(fill(rng.pick(book.followUps)))]), .quote(quoted)]
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation).
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
