import Foundation
import IngestConnectorKit
import IngestCore

/// A backfill's pages for the shared engine: the list endpoint (fetch-all) or the requested ids in
/// batches, each conversation then retrieved in full.
struct IntercomBackfillPages: PagedExtraction {
    /// Where listing continues.
    enum Position: Sendable {
        /// Fetch-all: list from `cursor` (nil = the first page).
        case list(cursor: String?)
        /// Specific ids: the batches of `ids` from `position` on.
        case ids([String], position: Int)
    }

    let config: IntercomConversationsBackfillConfig
    let client: IntercomClient
    let inbox: String?
    let context: JobContext
    /// The sync state the last page of a complete fetch-all backfill sets (nil for any other backfill).
    let completion: SyncStateUpdate?
    /// The backfill's start, carried in its checkpoint across restarts.
    let mark: String?

    func list(
        after position: Position,
        remainingItems: Int?,
        lastAllowedPage: Bool
    ) async throws -> ListedPage<
        String, Position
    >? {
        switch position {
        case .list(let cursor):
            let listed = try await client.getConversations(
                perPage: config.perPage,
                startingAfter: cursor,
                order: config.order
            )
            var ids = listed.conversationIDs
            var cut = false
            if let remainingItems, ids.count >= remainingItems {
                ids = Array(ids.prefix(remainingItems))
                cut = true
            }
            let finished = listed.nextCursor == nil || cut || lastAllowedPage
            return ListedPage(
                entries: ids.map(PageEntry.fetch),
                next: .list(cursor: listed.nextCursor),
                checkpoint: PageCheckpoint(cursor: finished ? nil : listed.nextCursor, finished: finished, mark: mark),
                syncState: finished && !cut && !lastAllowedPage ? completion.map(completed) : nil,
                total: listed.totalCount
            )
        case .ids(let all, let start):
            guard start < all.count else { return nil }
            let end = min(start + config.perPage, all.count)
            return ListedPage(
                entries: all[start..<end].map(PageEntry.fetch),
                next: .ids(all, position: end),
                checkpoint: PageCheckpoint(cursor: nil, position: end, finished: end == all.count || lastAllowedPage)
            )
        }
    }

    /// The completion update, stamped now: the last page is listed (and stored next).
    private func completed(_ update: SyncStateUpdate) -> SyncStateUpdate {
        var update = update
        update.backfillCompletedAt = Date()
        return update
    }

    func fetch(_ id: String) async throws -> ItemOutcome {
        try await IntercomFetch.conversation(id, client: client, inbox: inbox, context: context)
    }
}

/// Retrieving one conversation for any Intercom job.
enum IntercomFetch {
    static let missingReason = "Intercom answered 404: the conversation was deleted or never existed"

    /// Retrieves one conversation and maps it to an artifact. A 404 is `missing`; a conversation that
    /// still fails after the REST layer's retries is `failed` with the reason; credential errors throw
    /// and fail the whole job.
    static func conversation(
        _ id: String,
        client: IntercomClient,
        inbox: String?,
        context: JobContext,
        notFound: (String) -> ItemOutcome = { .missing(externalID: $0, reason: missingReason) }
    ) async throws -> ItemOutcome {
        do {
            guard let (conversation, raw) = try await client.getConversation(id: id) else { return notFound(id) }
            return .artifact(conversation.artifact(tenantID: context.tenantID, rawPayload: raw, inboxBaseURL: inbox))
        } catch let error as IngestError where error.code == .transient || error.code == .configuration {
            return .failed(externalID: id, reason: error.message)
        }
    }
}
