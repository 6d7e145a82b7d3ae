import IngestCore

/// Produces the conversations of a ``WorkspaceSpec`` from `(seed, index)` alone.
///
/// Nothing is cached: every call regenerates the conversation, which takes microseconds for a
/// typical one, so a workspace of any size costs no memory.
struct ConversationGenerator: Sendable {
    let spec: WorkspaceSpec
    /// Index modulo 2,000 of the conversations with 520–700 parts (below 600, so any workspace of 600 has one).
    let hugeSlot: Int
    /// Index modulo 500 of the conversations with one 20–100 KB part.
    let longSlot: Int

    /// `updated_at` of the conversation at index 0; each later index is `updateSpacing` seconds older.
    static let newestUpdatedAt: Int64 = 1_760_000_000
    static let updateSpacing: Int64 = 37
    static let maximumParts = 9_999

    init(spec: WorkspaceSpec) {
        self.spec = spec
        var rng = SplitMix64(seed: SplitMix64.mix(spec.seed, 0x5107), index: 0)
        let huge = rng.below(600)
        var long = rng.below(500)
        if long == huge % 500 { long = (long + 1) % 500 }
        self.hugeSlot = huge
        self.longSlot = long
    }

    /// Everything but the parts of the conversation at `index`.
    func header(at index: Int) -> ConversationHeader {
        var rng = SplitMix64(seed: spec.seed, index: UInt64(truncatingIfNeeded: index))
        let number = spec.firstConversationID + index
        let updatedAt = Self.newestUpdatedAt - Int64(index) * Self.updateSpacing

        let isHuge = index % 2_000 == hugeSlot
        let roll = rng.below(1_000)
        var partCount: Int
        if isHuge {
            partCount = rng.int(520...700)
        } else if roll < 20 {
            partCount = 0
        } else if roll < 30 {
            partCount = rng.int(100...400)
        } else {
            partCount = typicalPartCount(rng: &rng)
        }
        let hasLongPart = !isHuge && (index % 500 == longSlot || roll >= 998)
        if hasLongPart { partCount = max(partCount, 3) }
        partCount = min(partCount, Self.maximumParts)

        let span = max(Int64(rng.int(300...172_800)), Int64(partCount + 1) * 60)
        let createdAt = updatedAt - span
        let state = ["open", "closed", "snoozed"][rng.weighted([45, 45, 10])]
        let topic = rng.pick(Topic.all)

        let people = makePeople(number: number, rng: &rng)
        let writer = makeWriter(
            topic: topic,
            book: phrasebook(at: index),
            people: people,
            createdAt: createdAt,
            rng: &rng
        )

        let isEmail = rng.chance(perMille: 150)
        let adminInitiated = rng.chance(perMille: 100)
        let sourceSubject = isEmail ? writer.subject(rng: &rng) : ""
        var sourceBody = adminInitiated ? writer.agentReply(rng: &rng) : writer.customerMessage(rng: &rng)
        if rng.chance(perMille: 5) { sourceBody = "" }
        let sourceURL = !isEmail && rng.chance(perMille: 500) ? topic.page : nil
        let sourceAttachments =
            rng.chance(perMille: 60) ? [makeAttachment(owner: number * 10_000, ordinal: 1, rng: &rng)] : []

        let title = rng.chance(perMille: 300) ? HTMLText.plainText(writer.subject(rng: &rng)) : nil
        let read = rng.bool()
        let priority = ["none", "low", "medium", "high", "urgent"][rng.weighted([55, 15, 15, 10, 5])]
        let adminAssigneeID = rng.chance(perMille: 700) ? Int(people.admins[0].id) ?? 0 : 0
        let teamAssigneeID = rng.chance(perMille: 500) ? rng.pick(Vocabulary.teamIDs) : 0
        let waitingSince: Int64? =
            state == "open" && !adminInitiated && rng.chance(perMille: 500)
            ? updatedAt - Int64(rng.int(0...Int(span / 2))) : nil
        let snoozedUntil: Int64? = state == "snoozed" ? updatedAt + Int64(rng.int(3_600...259_200)) : nil
        let tags = makeTags(topic: topic, rng: &rng)
        let tagAppliedAt = createdAt + Int64(rng.int(0...Int(span)))
        let reportsTeammates = partCount > 0 && rng.chance(perMille: 750)

        let times = (createdAt: createdAt, updatedAt: updatedAt)
        let customAttributes = makeCustomAttributes(writer: writer, state: state, rng: &rng)
        let firstContactReply: JSONValue =
            !adminInitiated && rng.chance(perMille: 700)
            ? [
                "created_at": .number(Double(createdAt)), "type": .string(sourceType(isEmail)),
                "url": sourceURL.map(JSONValue.string) ?? .null,
            ] : .null
        let slaApplied = makeSLA(rng: &rng)
        let statistics =
            rng.chance(perMille: 750)
            ? makeStatistics(
                times: times,
                state: state,
                partCount: partCount,
                assigned: adminAssigneeID != 0,
                closerID: people.admins[0].id,
                rng: &rng
            ) : .null
        let rating =
            state == "closed" && rng.chance(perMille: 250)
            ? makeRating(times: times, people: people, rng: &rng) : .null
        let aiAgent = rng.chance(perMille: 80) ? makeAIAgent(times: times, topic: topic, rng: &rng) : .null

        return ConversationHeader(
            index: index,
            number: number,
            id: String(number),
            createdAt: createdAt,
            updatedAt: updatedAt,
            title: title,
            state: state,
            read: read,
            priority: priority,
            adminAssigneeID: adminAssigneeID,
            teamAssigneeID: teamAssigneeID,
            waitingSince: waitingSince,
            snoozedUntil: snoozedUntil,
            sourceType: sourceType(isEmail),
            sourceDeliveredAs: adminInitiated ? "admin_initiated" : "customer_initiated",
            sourceSubject: sourceSubject,
            sourceBodyHTML: sourceBody,
            sourceAuthor: adminInitiated ? people.admins[0] : people.contact,
            sourceURL: sourceURL,
            sourceAttachments: sourceAttachments,
            contact: people.contact,
            contactExternalID: people.externalID,
            extraContact: people.extraContact,
            admins: people.admins,
            reportsTeammates: reportsTeammates,
            tags: tags,
            tagAppliedAt: tagAppliedAt,
            customAttributes: customAttributes,
            firstContactReply: firstContactReply,
            slaApplied: slaApplied,
            statistics: statistics,
            conversationRating: rating,
            aiAgent: aiAgent,
            partCount: partCount,
            hasLongPart: hasLongPart,
            writer: writer,
            partSeed: rng.next()
        )
    }

    /// The language of the conversation at `index` in a real-world workspace (nil: the English topics),
    /// drawn from a stream of its own so that the rest of the conversation's choices stay as they are.
    private func phrasebook(at index: Int) -> Phrasebook? {
        guard spec.text == .realWorld else { return nil }
        var rng = SplitMix64(seed: SplitMix64.mix(spec.seed, 0x7E47), index: UInt64(truncatingIfNeeded: index))
        return Phrasebook.all[rng.weighted(Phrasebook.weights)].book
    }

    /// 1 … 2·meanParts−1 around `meanParts`, with an occasional longer tail up to 30 (or 2·meanParts).
    private func typicalPartCount(rng: inout SplitMix64) -> Int {
        let mean = max(1, spec.meanParts)
        if rng.chance(perMille: 100) {
            return rng.int(1...max(30, 2 * mean))
        }
        return 1 + rng.int(0...(mean - 1)) + rng.int(0...(mean - 1))
    }

    private func sourceType(_ isEmail: Bool) -> String {
        isEmail ? "email" : "conversation"
    }
}
