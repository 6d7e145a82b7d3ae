import Synchronization

/// The result of `task`, or nil when it has not finished within `limit` — for tests of code that
/// could hang: awaiting a stuck task directly would hold the test runner for ever (cancellation
/// does not end a wait for another task's value). A stuck task is left behind; the test fails.
public func result<Success: Sendable>(
    of task: Task<Success, any Error>,
    within limit: Duration
) async -> Result<Success, any Error>? {
    let outcome = OneShot<Result<Success, any Error>?>()
    let watcher = Task { outcome.deliver(await task.result) }
    let timer = Task {
        try? await Task.sleep(for: limit)
        outcome.deliver(nil)
    }
    let value = await outcome.value()
    timer.cancel()
    if value == nil { watcher.cancel() }
    return value
}

/// A value delivered once; later deliveries are ignored.
final class OneShot<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var delivered = false
        var waiter: CheckedContinuation<Value, Never>?
    }

    private let state = Mutex(State())

    func deliver(_ value: Value) {
        let waiter = state.withLock { state -> CheckedContinuation<Value, Never>? in
            guard !state.delivered else { return nil }
            state.delivered = true
            state.value = value
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: value)
    }

    func value() async -> Value {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Value? in
                if state.delivered { return state.value }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
