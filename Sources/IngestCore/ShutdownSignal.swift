/// Ends waits for time — retry backoffs, rate-budget waits — the moment a graceful shutdown begins.
///
/// The worker runs each job with its signal bound to ``current`` and triggers it on SIGTERM. Code
/// that waits for time calls ``sleep(for:)``, which returns early by throwing `CancellationError` once
/// the signal has fired (so the job ends as interrupted and its message goes back on the queue at
/// once), and which also ends when the waiting task is cancelled. Outside a job (no signal bound) it
/// is `Task.sleep`.
public final class ShutdownSignal: Sendable {
    private let event = OneTimeEvent()

    /// The signal of the job this task runs for, if any; child tasks inherit it.
    @TaskLocal public static var current: ShutdownSignal?

    public init() {}

    /// Whether a shutdown has begun.
    public var isTriggered: Bool { event.hasHappened }

    /// Begins the shutdown: every wait in ``sleep(for:)`` on this signal ends now, and later ones at once.
    public func trigger() { event.happen() }

    /// Sleeps for `duration` on the signal bound to ``current``; throws `CancellationError` when the
    /// shutdown begins first or the task is cancelled.
    public static func sleep(for duration: Duration) async throws {
        if let signal = current {
            try await signal.sleep(for: duration)
        } else {
            try await Task.sleep(for: duration)
        }
    }

    /// Sleeps for `duration`; throws `CancellationError` when this signal fires first or the task is
    /// cancelled.
    public func sleep(for duration: Duration) async throws {
        if isTriggered { throw CancellationError() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await Task.sleep(for: duration) }
            group.addTask {
                await self.event.wait()
                throw CancellationError()
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }
}
