import IngestCore
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
    // A cancelled caller gets nil, as if the task had not finished.
    let value = await outcome.value() ?? nil
    timer.cancel()
    if value == nil { watcher.cancel() }
    return value
}

/// A value delivered once; later deliveries are ignored.
final class OneShot<Value: Sendable>: Sendable {
    private let delivered = OneTimeEvent()
    private let stored = Mutex<Value?>(nil)

    func deliver(_ value: Value) {
        let first = stored.withLock { stored in
            guard stored == nil else { return false }
            stored = value
            return true
        }
        if first { delivered.happen() }
    }

    /// The delivered value once there is one, or nil when the waiting task is cancelled first.
    func value() async -> Value? {
        await delivered.wait()
        return stored.withLock { $0 }
    }
}
