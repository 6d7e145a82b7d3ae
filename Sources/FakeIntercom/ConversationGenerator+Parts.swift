/// Generation of a conversation's parts from the header's second random stream.
extension ConversationGenerator {
    private enum PartKind: Int {
        case comment, note, assignment, open, close, snoozed, quickReply

        var partType: String {
            switch self {
            case .comment: "comment"
            case .note: "note"
            case .assignment: "assignment"
            case .open: "open"
            case .close: "close"
            case .snoozed: "snoozed"
            case .quickReply: "quick_reply"
            }
        }

        /// Relative frequency of each kind after the first part, in `rawValue` order.
        static let weights = [70, 10, 7, 3, 4, 3, 3]
    }

    /// The API returns at most this many parts (the newest), so the unique phrase is always among them.
    static let returnedPartLimit = 500

    /// All parts (oldest first) plus the unique phrase and the index of the part holding it.
    func parts(for header: ConversationHeader) -> (parts: [GeneratedPart], phrase: String?, phraseIndex: Int?) {
        let count = header.partCount
        guard count > 0 else { return ([], nil, nil) }
        var rng = SplitMix64(seed: header.partSeed)

        var kinds = [PartKind](repeating: .comment, count: count)
        for index in 1..<count {
            kinds[index] = PartKind(rawValue: rng.weighted(PartKind.weights)) ?? .comment
        }
        switch header.state {
        case "closed" where count >= 2: kinds[count - 1] = .close
        case "snoozed" where count >= 2: kinds[count - 1] = .snoozed
        case "open" where kinds[count - 1] == .close || kinds[count - 1] == .snoozed: kinds[count - 1] = .comment
        default: break
        }

        // Strictly increasing times between created_at and updated_at: one step per part, jitter below a step.
        let step = max(1, (header.updatedAt - header.createdAt) / Int64(count + 1))
        var bodies: [String?] = []
        var authors: [GeneratedAuthor] = []
        var attachments: [[GeneratedAttachment]] = []
        var states: [String] = []
        var assignees: [(type: String, id: String)?] = []
        var times: [Int64] = []
        bodies.reserveCapacity(count)
        authors.reserveCapacity(count)

        let writer = header.writer
        var nextIsContact = !header.sourceAuthor.isContact
        var state = "open"
        for index in 0..<count {
            times.append(header.createdAt + Int64(index + 1) * step + Int64(rng.int(0...Int(step - 1))))
            var files: [GeneratedAttachment] = []
            var assignee: (type: String, id: String)?
            let partNumber = header.number * 10_000 + index + 1
            switch kinds[index] {
            case .comment:
                let byContact = rng.chance(perMille: 150) ? !nextIsContact : nextIsContact
                nextIsContact = !byContact
                if byContact {
                    authors.append(header.contact)
                    var body = writer.customerFollowUp(rng: &rng)
                    if rng.chance(perMille: 100) {
                        for ordinal in 1...rng.int(1...2) {
                            files.append(makeAttachment(owner: partNumber, ordinal: ordinal, rng: &rng))
                        }
                        if rng.bool() { body = "" }
                    } else if rng.chance(perMille: 15) {
                        body = ""
                    }
                    bodies.append(body)
                    state = "open"
                } else if index == 0 && rng.chance(perMille: 250) {
                    authors.append(bot)
                    bodies.append(rng.pick(Vocabulary.botReplies))
                } else {
                    authors.append(pickAdmin(header, rng: &rng))
                    bodies.append(writer.agentReply(rng: &rng))
                    if rng.chance(perMille: 30) {
                        files.append(makeAttachment(owner: partNumber, ordinal: 1, rng: &rng))
                    }
                }
            case .note:
                authors.append(pickAdmin(header, rng: &rng))
                bodies.append(writer.note(rng: &rng))
            case .assignment:
                authors.append(rng.chance(perMille: 300) ? bot : pickAdmin(header, rng: &rng))
                bodies.append(nil)
                if rng.chance(perMille: 700) {
                    assignee = (type: "admin", id: header.admins[0].id)
                } else {
                    let team = header.teamAssigneeID != 0 ? header.teamAssigneeID : rng.pick(Vocabulary.teamIDs)
                    assignee = (type: "team", id: String(team))
                }
            case .open:
                authors.append(pickAdmin(header, rng: &rng))
                bodies.append(nil)
                state = "open"
            case .close:
                authors.append(pickAdmin(header, rng: &rng))
                bodies.append(nil)
                state = "closed"
            case .snoozed:
                authors.append(pickAdmin(header, rng: &rng))
                bodies.append(nil)
                state = "snoozed"
            case .quickReply:
                authors.append(bot)
                bodies.append(rng.pick(Vocabulary.quickReplies))
            }
            attachments.append(files)
            assignees.append(assignee)
            states.append(index == count - 1 ? header.state : state)
        }

        if header.hasLongPart {
            let candidates = (0..<count).filter { kinds[$0] == .comment && bodies[$0] != nil }
            if !candidates.isEmpty {
                let chosen = rng.pick(candidates)
                bodies[chosen] = writer.longPaste(targetBytes: rng.int(20_000...100_000), rng: &rng)
            }
        }

        // The unique phrase: in one non-empty comment among the parts the API returns.
        var phrase: String?
        var phraseIndex: Int?
        let candidates = (max(0, count - Self.returnedPartLimit)..<count).filter {
            kinds[$0] == .comment && !(bodies[$0] ?? "").isEmpty
        }
        if !candidates.isEmpty {
            let chosen = rng.pick(candidates)
            let text = "order reference ORD\(header.number)K\(rng.int(1...9))"
            bodies[chosen] = (bodies[chosen] ?? "") + "<p>For our records: " + text + ".</p>"
            phrase = text
            phraseIndex = chosen
        }

        var parts: [GeneratedPart] = []
        parts.reserveCapacity(count)
        for index in 0..<count {
            parts.append(
                GeneratedPart(
                    id: String(header.number * 10_000 + index + 1),
                    partType: kinds[index].partType,
                    bodyHTML: bodies[index],
                    createdAt: times[index],
                    author: authors[index],
                    attachments: attachments[index],
                    state: states[index],
                    assignedTo: assignees[index]
                )
            )
        }
        return (parts, phrase, phraseIndex)
    }

    /// The handling teammate most of the time, otherwise the second one (when there is one).
    private func pickAdmin(_ header: ConversationHeader, rng: inout SplitMix64) -> GeneratedAuthor {
        header.admins.count > 1 && rng.chance(perMille: 300) ? header.admins[1] : header.admins[0]
    }
}
