import FakeAPIKit

/// A ticket as it is now: its generated header plus what mutations did to it.
struct TicketRecord: Sendable {
    /// A comment a mutation added.
    struct AddedComment: Sendable {
        var author: GeneratedComment.Author
        var isPublic: Bool
        var createdAt: Int64
    }

    /// A soft deletion: who, when, and the status a restore brings back.
    struct Deletion: Sendable {
        var deletedAt: Int64
        var previousStatus: String
        var actorID: Int64
    }

    var header: TicketHeader
    var status: String
    var updatedAt: Int64
    var generatedTimestamp: Int64
    var deletion: Deletion?
    var scrubbed = false
    var added: [AddedComment] = []

    init(header: TicketHeader) {
        self.header = header
        self.status = header.status
        self.updatedAt = header.updatedAt
        self.generatedTimestamp = header.generatedTimestamp
    }

    var id: Int64 { header.id }

    /// Not soft-deleted and not scrubbed.
    var isLive: Bool { deletion == nil && !scrubbed }

    /// The status the export shows: "deleted" for a soft-deleted ticket.
    var exportedStatus: String { deletion == nil ? status : "deleted" }

    var commentCount: Int { header.commentTimes.count + added.count }

    /// The position of this ticket in the export order.
    var exportKey: ExportCursor { ExportCursor(generatedTimestamp: generatedTimestamp, id: id) }

    /// Comment `ordinal` (0 = the first), generated or added.
    func comment(_ ordinal: Int, writer: CommentWriter) -> GeneratedComment {
        let generatedCount = header.commentTimes.count
        if ordinal < generatedCount {
            var rng = SplitMix64(seed: header.commentSeed, index: UInt64(ordinal))
            let (author, isPublic) = CommentWriter.author(
                ordinal: ordinal,
                count: generatedCount,
                endsWithSystem: header.endsWithSystemComment,
                rng: &rng
            )
            return writer.comment(
                ordinal: ordinal,
                time: header.commentTimes[ordinal],
                seed: header.commentSeed,
                author: author,
                isPublic: isPublic
            )
        }
        let added = self.added[ordinal - generatedCount]
        return writer.comment(
            ordinal: ordinal,
            time: added.createdAt,
            seed: header.commentSeed,
            author: added.author,
            isPublic: added.isPublic
        )
    }

    /// The writer of this ticket's comments.
    func writer(_ generator: TicketGenerator) -> CommentWriter {
        CommentWriter(
            generator: generator,
            ticketID: id,
            phrasebook: header.phrasebook,
            requesterID: header.requesterID,
            assigneeID: header.assigneeID
        )
    }
}
