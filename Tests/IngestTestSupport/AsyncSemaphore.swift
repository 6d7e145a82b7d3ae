import Synchronization

/// Limits how many tasks hold a slot at once; the others wait in order.
///
/// A task cancelled while it waits leaves the line at once with `CancellationError` (a timed-out test
/// must never hold the runner), and a slot given to a task that was cancelled in the meantime is
/// passed on to the next waiter.
public final class AsyncSemaphore: Sendable {
    private struct State {
        var available: Int
        var nextTicket = 0
        /// Waiters in arrival order.
        var waiters: [(ticket: Int, continuation: CheckedContinuation<Void, any Error>)] = []
    }

    private let state: Mutex<State>

    public init(_ count: Int) {
        precondition(count >= 1)
        state = Mutex(State(available: count))
    }

    /// Slots free right now (for tests of the semaphore itself).
    public var available: Int { state.withLock { $0.available } }
    /// Tasks waiting for a slot right now.
    public var waiting: Int { state.withLock { $0.waiters.count } }

    public func withSlot<Value>(_ body: () async throws -> Value) async throws -> Value {
        try await acquire()
        do {
            let value = try await body()
            release()
            return value
        } catch {
            release()
            throw error
        }
    }

    /// Waits for a slot; throws `CancellationError` (holding none) when the task is or gets cancelled.
    public func acquire() async throws {
        try Task.checkCancellation()
        let ticket: Int? = state.withLock { state in
            if state.available > 0 {
                state.available -= 1
                return nil
            }
            state.nextTicket += 1
            return state.nextTicket
        }
        guard let ticket else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelledAlready = state.withLock { state in
                    if Task.isCancelled { return true }
                    state.waiters.append((ticket, continuation))
                    return false
                }
                if cancelledAlready { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                guard let index = state.waiters.firstIndex(where: { $0.ticket == ticket }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Gives a slot back: to the first waiter, or to the pool.
    public func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst().continuation
        }
        next?.resume()
    }
}
