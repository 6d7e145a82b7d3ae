/// An account at one moment, for answering one request.
struct AccountSnapshot: Sendable {
    /// Which tickets the export shows, by `support_type`.
    enum SupportTypeScope: String, Sendable {
        case agent
        case aiAgent = "ai_agent"
        case all

        func includes(_ supportType: String) -> Bool {
            self == .all || supportType == rawValue
        }
    }

    /// One page of the cursor export.
    struct ExportPage: Sendable {
        var records: [TicketRecord]
        /// Nothing visible remains after this page.
        var endOfStream: Bool
    }

    let generator: TicketGenerator
    let records: [TicketRecord]
    /// Record indexes in export order.
    let order: [Int32]

    /// The record of a ticket id that was ever created (scrubbed ones included), or nil.
    func record(id: Int64) -> TicketRecord? {
        guard id >= 1, id <= Int64(records.count) else { return nil }
        return records[Int(id - 1)]
    }

    /// The tickets strictly after `position` in (generated_timestamp, id) order that `scope` shows,
    /// scrubbed ones left out, at most `limit`; tickets whose `generated_timestamp` is after
    /// `visibleUntil` are withheld (the last minute) and end the stream.
    func exportPage(
        after position: ExportCursor,
        limit: Int,
        scope: SupportTypeScope,
        visibleUntil: Int64
    ) -> ExportPage {
        // First position whose key is greater than `position`.
        var low = 0
        var high = order.count
        while low < high {
            let middle = (low + high) / 2
            if records[Int(order[middle])].exportKey <= position { low = middle + 1 } else { high = middle }
        }
        var page: [TicketRecord] = []
        var index = low
        while index < order.count {
            let record = records[Int(order[index])]
            index += 1
            if record.generatedTimestamp > visibleUntil { return ExportPage(records: page, endOfStream: true) }
            guard !record.scrubbed, scope.includes(record.header.supportType) else { continue }
            if page.count == limit { return ExportPage(records: page, endOfStream: false) }
            page.append(record)
        }
        return ExportPage(records: page, endOfStream: true)
    }

    /// Soft-deleted tickets not yet scrubbed.
    var deletedRecords: [TicketRecord] {
        records.filter { $0.deletion != nil && !$0.scrubbed }
    }

    /// A ticket with all its comments as ``FakeTicket``.
    func fakeTicket(_ record: TicketRecord) -> FakeTicket {
        let writer = record.writer(generator)
        let comments = (0..<record.commentCount).map { ordinal in
            let comment = record.comment(ordinal, writer: writer)
            return FakeComment(
                id: comment.id,
                authorID: comment.authorID,
                authorName: comment.authorName,
                authorRole: comment.authorRole,
                isPublic: comment.isPublic,
                plainBody: comment.text.plain,
                htmlBody: comment.text.html,
                createdAt: comment.createdAt
            )
        }
        return FakeTicket(
            id: record.id,
            subject: record.header.subject,
            status: record.exportedStatus,
            priority: record.header.priority,
            type: record.header.type,
            tags: record.header.tags,
            requesterID: record.header.requesterID,
            assigneeID: record.header.assigneeID,
            createdAt: record.header.createdAt,
            updatedAt: record.updatedAt,
            generatedTimestamp: record.generatedTimestamp,
            comments: comments
        )
    }
}
