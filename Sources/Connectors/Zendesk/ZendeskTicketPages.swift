import Foundation
import IngestConnectorKit
import IngestCore
import Synchronization

/// The sync mark of a Zendesk account: the export's last `after_cursor`, with the subdomain and email
/// the backfill that set it used (so a scheduled sync, which carries no config, reaches the same
/// account the same way).
struct ZendeskSyncMark: Codable, Sendable, Hashable {
    var cursor: String
    var subdomain: String
    var email: String?

    init(cursor: String, subdomain: String, email: String?) {
        self.cursor = cursor
        self.subdomain = subdomain
        self.email = email
    }

    init?(encoded: String) {
        guard let value = try? JSONDecoder().decode(Self.self, from: Data(encoded.utf8)) else { return nil }
        self = value
    }

    var encoded: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}

/// Users seen during one job (side-loaded with tickets and comments, or looked up), shared by its
/// concurrent fetches.
final class ZendeskUserCache: Sendable {
    private let users = Mutex<[Int64: ZendeskUser]>([:])

    func add(_ new: [ZendeskUser]) {
        guard !new.isEmpty else { return }
        users.withLock { users in for user in new { users[user.id] = user } }
    }

    func users(_ ids: some Sequence<Int64>) -> [Int64: ZendeskUser] {
        users.withLock { users in
            var found: [Int64: ZendeskUser] = [:]
            for id in ids { if let user = users[id] { found[id] = user } }
            return found
        }
    }
}

/// A ticket's pages for the shared engine: the export (a backfill of everything, or a sync, from a
/// time or the stored cursor) or requested ids in batches of 100 (`show_many`). Each listed ticket
/// that is deleted becomes a tombstone, one whose stored copy is as new is settled unchanged, and the
/// rest are fetched: all their comments, then the artifact.
struct ZendeskTicketPages: PagedExtraction {
    enum Position: Sendable, Hashable {
        case export(ZendeskClient.ExportStart)
        case ids([Int64], position: Int)
    }

    let client: ZendeskClient
    let context: JobContext
    let perPage: Int
    let users: ZendeskUserCache
    /// Whether export pages move the sync mark (a backfill of everything, or a sync).
    let movesMark: Bool
    /// Whether the export's end completes a sync (else a full backfill).
    let isSync: Bool
    let email: String?
    /// The client's clock, for clamping a start time Zendesk calls too recent.
    var now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }

    func list(
        after position: Position,
        remainingItems: Int?,
        lastAllowedPage: Bool
    ) async throws -> ListedPage<ZendeskTicket, Position>? {
        switch position {
        case .export(let start):
            return try await exportPage(start, remainingItems: remainingItems, lastAllowedPage: lastAllowedPage)
        case .ids(let all, let start):
            guard start < all.count else { return nil }
            let end = min(start + 100, all.count)
            let batch = Array(all[start..<end])
            let shown = try await client.showTickets(ids: batch)
            let byID = Dictionary(shown.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let entries: [PageEntry<ZendeskTicket>] = batch.map { id in
                guard let ticket = byID[id] else {
                    return .resolved(.missing(externalID: String(id), reason: Self.notShownReason))
                }
                return ticket.isDeleted ? .resolved(.deleted(tombstone(ticket))) : .fetch(ticket)
            }
            return ListedPage(
                entries: entries,
                next: .ids(all, position: end),
                checkpoint: PageCheckpoint(cursor: nil, position: end, finished: end == all.count || lastAllowedPage)
            )
        }
    }

    static let notShownReason = "Zendesk did not show this ticket: it was deleted or never existed"

    private func exportPage(
        _ start: ZendeskClient.ExportStart,
        remainingItems: Int?,
        lastAllowedPage: Bool
    ) async throws -> ListedPage<ZendeskTicket, Position> {
        let page: ZendeskExportPage
        do {
            page = try await client.exportTickets(from: start, perPage: perPage)
        } catch let error as IngestError where error.message.contains("StartTimeTooRecent") {
            // Data from the last minute is never exported: start just before it.
            guard case .time = start else { throw error }
            page = try await client.exportTickets(from: .time(now() - 61), perPage: perPage)
        }
        users.add(page.users)
        var tickets = page.tickets
        var cut = false
        if let remainingItems, tickets.count >= remainingItems {
            cut = tickets.count > remainingItems || !page.endOfStream
            tickets = Array(tickets.prefix(remainingItems))
        }
        let stored = try await context.artifacts.storedUpdatedAt(
            tenantID: context.tenantID,
            source: .zendesk,
            kind: ZendeskTicket.artifactKind,
            externalIDs: tickets.map { String($0.id) }
        )
        let entries: [PageEntry<ZendeskTicket>] = tickets.map { ticket in
            if ticket.isDeleted { return .resolved(.deleted(tombstone(ticket))) }
            if let copy = stored[String(ticket.id)], Int64(copy.timeIntervalSince1970.rounded(.down)) >= ticket.version
            {
                return .resolved(.unchanged)  // the stored copy is as new
            }
            return .fetch(ticket)
        }
        let finished = page.endOfStream || cut || lastAllowedPage
        let cursor = page.afterCursor
        if cursor == nil && !finished {
            // Asking again from the same place would return the same page for ever.
            throw IngestError(
                .transient,
                "Zendesk's ticket export said more tickets follow (end_of_stream false) but gave no after_cursor"
            )
        }
        var syncState: SyncStateUpdate?
        if movesMark, !cut, let cursor {
            // The cursor after this page is where the next sync starts: written with the page.
            syncState = SyncStateUpdate(
                tenantID: context.tenantID,
                source: .zendesk,
                changesMark: ZendeskSyncMark(cursor: cursor, subdomain: client.subdomain, email: email).encoded,
                syncCompletedAt: page.endOfStream && isSync ? Date() : nil,
                backfillCompletedAt: page.endOfStream && !isSync ? Date() : nil
            )
        }
        return ListedPage(
            entries: entries,
            next: .export(cursor.map { .cursor($0) } ?? start),
            checkpoint: PageCheckpoint(cursor: finished ? nil : cursor, finished: finished),
            syncState: syncState
        )
    }

    private func tombstone(_ ticket: ZendeskTicket) -> Tombstone {
        Tombstone(key: key(ticket.id), deletedAt: Date(timeIntervalSince1970: TimeInterval(ticket.version)))
    }

    private func key(_ id: Int64) -> ArtifactKey {
        ArtifactKey(
            tenantID: context.tenantID,
            source: .zendesk,
            kind: ZendeskTicket.artifactKind,
            externalID: String(id)
        )
    }

    func fetch(_ ticket: ZendeskTicket) async throws -> ItemOutcome {
        do {
            guard let (comments, commentUsers) = try await client.comments(ticketID: ticket.id) else {
                // Comments answer 404 once a ticket is deleted.
                return .deleted(tombstone(ticket))
            }
            users.add(commentUsers)
            var needed = Set(comments.compactMap(\.authorID).filter { $0 > 0 })
            if let requester = ticket.requesterID { needed.insert(requester) }
            if let assignee = ticket.assigneeID { needed.insert(assignee) }
            var known = users.users(needed)
            let unknown = needed.subtracting(known.keys).sorted()
            if !unknown.isEmpty {
                for start in stride(from: 0, to: unknown.count, by: 100) {
                    let found = try await client.showUsers(ids: Array(unknown[start..<min(start + 100, unknown.count)]))
                    // Ids Zendesk does not show (deleted users) are remembered as unnamed: asked once.
                    let shown = Set(found.map(\.id))
                    let batch = unknown[start..<min(start + 100, unknown.count)]
                    users.add(
                        found
                            + batch.filter { !shown.contains($0) }.map {
                                ZendeskUser(id: $0, name: nil, email: nil, role: nil)
                            }
                    )
                    for user in found { known[user.id] = user }
                }
            }
            return .artifact(
                ticket.artifact(
                    tenantID: context.tenantID,
                    subdomain: client.subdomain,
                    comments: comments,
                    users: known
                )
            )
        } catch let error as IngestError where error.code == .transient || error.code == .configuration {
            return .failed(externalID: String(ticket.id), reason: error.message)
        }
    }
}
