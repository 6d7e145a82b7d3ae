import NIOCore
import Synchronization

/// A workspace as it is now: the generated conversations with the changes a test made — touched
/// (a new part, a later `updated_at`), deleted, created. Nothing is held for an unchanged conversation.
final class LiveWorkspace: Sendable {
    /// A touch: the conversation's new `updated_at`, and the times of the parts it added.
    struct Touch: Sendable {
        var updatedAt: Int64
        var addedParts: [Int64]
    }

    fileprivate struct Changes: Sendable {
        var touched: [Int: Touch] = [:]
        /// Index → `deleted_at` (Unix seconds).
        var deleted: [Int: Int64] = [:]
        /// Created conversations take the indexes after the generated ones: index → `created_at`.
        var created: [Int: Int64] = [:]
    }

    let workspace: Workspace
    private let changes: Mutex<Changes>
    /// The retrieve body (HTML) of each generated conversation by index, rendered when the server
    /// started; empty unless the configuration prerenders.
    let renderedBodies: [ByteBuffer]

    init(workspace: Workspace, deletedIDs: Set<String>, renderedBodies: [ByteBuffer] = []) {
        self.workspace = workspace
        self.renderedBodies = renderedBodies
        var changes = Changes()
        // Deleted before anything else happened: long ago, at the newest generated update.
        for id in deletedIDs {
            if let index = workspace.index(ofID: id) { changes.deleted[index] = ConversationGenerator.newestUpdatedAt }
        }
        self.changes = Mutex(changes)
    }

    /// A consistent view of the workspace at one moment, for answering one request.
    struct Snapshot: Sendable {
        let workspace: Workspace
        fileprivate let changes: Changes
        fileprivate let renderedBodies: [ByteBuffer]

        /// The body rendered when the server started, while the conversation is as generated (not
        /// touched; created ones have none).
        func renderedBody(at index: Int) -> ByteBuffer? {
            guard index < renderedBodies.count, changes.touched[index] == nil else { return nil }
            return renderedBodies[index]
        }

        /// Generated plus created conversations, deleted ones included.
        var indexCount: Int { workspace.count + changes.created.count }

        func isDeleted(_ index: Int) -> Bool { changes.deleted[index] != nil }

        var deletedCount: Int { changes.deleted.count }

        /// Deleted conversations: (index, deleted_at).
        var deletions: [(index: Int, deletedAt: Int64)] { changes.deleted.map { ($0.key, $0.value) } }

        /// `updated_at` without generating the conversation.
        func updatedAt(_ index: Int) -> Int64 {
            if let touch = changes.touched[index] { return touch.updatedAt }
            if let created = changes.created[index] { return created }
            return ConversationGenerator.newestUpdatedAt - Int64(index) * ConversationGenerator.updateSpacing
        }

        func createdAt(_ index: Int) -> Int64 {
            if let created = changes.created[index] { return created - 3_600 }
            return header(at: index).createdAt
        }

        func number(_ index: Int) -> Int { workspace.spec.firstConversationID + index }

        /// The index of a live or deleted conversation's id.
        func index(ofID id: String) -> Int? {
            guard let number = Int(id), String(number) == id else { return nil }
            let (index, overflow) = number.subtractingReportingOverflow(workspace.spec.firstConversationID)
            guard !overflow, index >= 0, index < indexCount else { return nil }
            return index
        }

        func header(at index: Int) -> ConversationHeader {
            var header = workspace.generator.header(at: index)
            if let created = changes.created[index] {
                header.createdAt = created - 3_600
                header.updatedAt = created
            }
            if let touch = changes.touched[index] { header.updatedAt = touch.updatedAt }
            return header
        }

        func conversation(at index: Int) -> GeneratedConversation {
            var header = header(at: index)
            let touch = changes.touched[index]
            if touch != nil {
                // The generated parts are those of the conversation before it was touched.
                header.updatedAt = changes.created[index] ?? workspace.generator.header(at: index).updatedAt
            }
            let generated = workspace.generator.parts(for: header)
            var parts = generated.parts
            if let touch {
                header.updatedAt = touch.updatedAt
                for (offset, time) in touch.addedParts.enumerated() {
                    parts.append(Self.addedPart(to: header, ordinal: header.partCount + offset + 1, at: time))
                }
            }
            return GeneratedConversation(
                header: header,
                parts: parts,
                phrase: generated.phrase,
                phraseIndex: generated.phraseIndex
            )
        }

        /// A teammate's reply added by a touch, in several scripts, as real replies are.
        static func addedPart(to header: ConversationHeader, ordinal: Int, at time: Int64) -> GeneratedPart {
            GeneratedPart(
                id: String(header.number * 10_000 + min(ordinal, 9_999)),
                partType: "comment",
                bodyHTML: "<p>Follow-up \(ordinal) on #\(header.number): merci, спасибо, 谢谢 &amp; شكرا 👍🏽</p>",
                createdAt: time,
                author: header.admins.first ?? header.contact,
                attachments: [],
                state: header.state,
                assignedTo: nil
            )
        }
    }

    var snapshot: Snapshot {
        Snapshot(workspace: workspace, changes: changes.withLock { $0 }, renderedBodies: renderedBodies)
    }

    /// Adds a part to each live conversation of `ids` and sets its `updated_at` to `time`. Returns the
    /// ids touched (unknown and deleted ones are skipped).
    @discardableResult
    func touch(_ ids: [String], at time: Int64) -> [String] {
        changes.withLock { changes in
            let view = Snapshot(workspace: workspace, changes: changes, renderedBodies: [])
            var done: [String] = []
            for id in ids {
                guard let index = view.index(ofID: id), changes.deleted[index] == nil else { continue }
                changes.touched[index, default: Touch(updatedAt: time, addedParts: [])].updatedAt = time
                changes.touched[index]?.addedParts.append(time)
                done.append(id)
            }
            return done
        }
    }

    /// Deletes each live conversation of `ids` at `time`. Returns the ids deleted.
    @discardableResult
    func delete(_ ids: [String], at time: Int64) -> [String] {
        changes.withLock { changes in
            let view = Snapshot(workspace: workspace, changes: changes, renderedBodies: [])
            var done: [String] = []
            for id in ids {
                guard let index = view.index(ofID: id), changes.deleted[index] == nil else { continue }
                changes.deleted[index] = time
                done.append(id)
            }
            return done
        }
    }

    /// Creates `count` conversations at `time` and returns their ids.
    func create(_ count: Int, at time: Int64) -> [String] {
        changes.withLock { changes in
            var ids: [String] = []
            for _ in 0..<max(0, count) {
                let index = workspace.count + changes.created.count
                changes.created[index] = time
                ids.append(String(workspace.spec.firstConversationID + index))
            }
            return ids
        }
    }
}
