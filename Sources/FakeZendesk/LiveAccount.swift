import Synchronization

/// One account as it is now: its generated tickets with what mutations did to them, behind a lock.
/// Requests work on a ``AccountSnapshot`` (copy-on-write, so taking one costs nothing).
final class LiveAccount: Sendable {
    struct State: Sendable {
        /// Index = id − 1.
        var records: [TicketRecord]
        /// Record indexes in export order, (generated_timestamp, id); rebuilt lazily after a change.
        var order: [Int32]
        var orderIsCurrent: Bool
    }

    let spec: ZendeskAccountSpec
    let generator: TicketGenerator
    private let state: Mutex<State>

    init(spec: ZendeskAccountSpec, serverStart: Int64) {
        self.spec = spec
        let generator = TicketGenerator(spec: spec, serverStart: serverStart)
        self.generator = generator
        let records = (0..<generator.count).map { TicketRecord(header: generator.header(at: $0)) }
        self.state = Mutex(State(records: records, order: [], orderIsCurrent: false))
    }

    /// A consistent view of the account at one moment.
    var snapshot: AccountSnapshot {
        state.withLock { state in
            if !state.orderIsCurrent {
                let keys = state.records.map(\.exportKey)
                var order = (0..<keys.count).map { Int32($0) }
                order.sort { keys[Int($0)] < keys[Int($1)] }
                state.order = order
                state.orderIsCurrent = true
            }
            return AccountSnapshot(generator: generator, records: state.records, order: state.order)
        }
    }

    /// Applies `change` to each known ticket of `ids` for which `change` returns true (the ids changed).
    private func mutate(_ ids: [Int64], _ change: (inout TicketRecord) -> Bool) -> [Int64] {
        state.withLock { state in
            var changed: [Int64] = []
            for id in ids where id >= 1 && id <= Int64(state.records.count) {
                let index = Int(id - 1)
                guard !state.records[index].scrubbed, change(&state.records[index]) else { continue }
                changed.append(id)
            }
            if !changed.isEmpty { state.orderIsCurrent = false }
            return changed
        }
    }

    /// A public comment, alternately the requester's and an agent's; both timestamps move to `time`.
    func touch(_ ids: [Int64], at time: Int64) -> [Int64] {
        mutate(ids) { record in
            guard record.deletion == nil else { return false }
            let byRequester = record.added.count % 2 == 0
            record.added.append(.init(author: byRequester ? .requester : .agent, isPublic: true, createdAt: time))
            if byRequester, ["new", "pending", "hold", "solved"].contains(record.status) { record.status = "open" }
            if !byRequester, ["new", "open"].contains(record.status) { record.status = "pending" }
            record.updatedAt = time
            record.generatedTimestamp = time
            return true
        }
    }

    /// A private agent comment; both timestamps move to `time`.
    func addInternalNote(_ ids: [Int64], at time: Int64) -> [Int64] {
        mutate(ids) { record in
            guard record.deletion == nil else { return false }
            record.added.append(.init(author: .agent, isPublic: false, createdAt: time))
            record.updatedAt = time
            record.generatedTimestamp = time
            return true
        }
    }

    /// Only `generated_timestamp` moves (an SLA or automation update).
    func systemUpdate(_ ids: [Int64], at time: Int64) -> [Int64] {
        mutate(ids) { record in
            guard record.deletion == nil else { return false }
            record.generatedTimestamp = time
            return true
        }
    }

    /// Soft deletion by the account's first admin; `generated_timestamp` moves, `updated_at` too.
    func softDelete(_ ids: [Int64], at time: Int64) -> [Int64] {
        let actor = generator.users.adminID(0)
        return mutate(ids) { record in
            guard record.deletion == nil else { return false }
            record.deletion = .init(deletedAt: time, previousStatus: record.status, actorID: actor)
            record.updatedAt = time
            record.generatedTimestamp = time
            return true
        }
    }

    /// Back to the status before the deletion; both timestamps move to `time`.
    func restore(_ ids: [Int64], at time: Int64) -> [Int64] {
        mutate(ids) { record in
            guard let deletion = record.deletion else { return false }
            record.status = deletion.previousStatus
            record.deletion = nil
            record.updatedAt = time
            record.generatedTimestamp = time
            return true
        }
    }

    /// Gone from every endpoint (deleted or not).
    func scrub(_ ids: [Int64]) -> [Int64] {
        mutate(ids) { record in
            record.scrubbed = true
            return true
        }
    }

    /// `count` new tickets with ids above every existing one, created at `time`.
    func create(_ count: Int, at time: Int64) -> [Int64] {
        state.withLock { state in
            var ids: [Int64] = []
            for _ in 0..<max(0, count) {
                let index = state.records.count
                state.records.append(TicketRecord(header: generator.createdHeader(at: index, time: time)))
                ids.append(Int64(index) + 1)
            }
            if !ids.isEmpty { state.orderIsCurrent = false }
            return ids
        }
    }
}
