import Synchronization

/// Something that happens once — a shutdown beginning, a fake server releasing what it held — that
/// any number of tasks can wait for. A wait ends when the event happens, at once if it already has,
/// or when the waiting task is cancelled.
public final class OneTimeEvent: Sendable {
    private struct State {
        var happened = false
        var nextTicket = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Whether the event has happened.
    public var hasHappened: Bool { state.withLock { $0.happened } }

    /// Makes the event happen: every wait ends now, and later ones at once. Only the first call counts.
    public func happen() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.happened else { return [] }
            state.happened = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the event has happened, or when the task is cancelled.
    public func wait() async {
        let ticket: Int? = state.withLock { state in
            guard !state.happened else { return nil }
            state.nextTicket += 1
            return state.nextTicket
        }
        guard let ticket else { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if state.happened || Task.isCancelled { return true }
                    state.waiters[ticket] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: ticket) }
            waiter?.resume()
        }
    }
}
