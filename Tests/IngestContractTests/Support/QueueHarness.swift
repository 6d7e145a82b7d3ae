import IngestCore

/// A queue under test, with what the tests need to drive it.
struct QueueHarness: Sendable {
    /// The queue under test, with the `maxReceives` the test asked for.
    var queue: any JobQueue
    /// Another queue with `name` on the same backend (named queues must not see each other's messages).
    var makeQueue: @Sendable (_ name: String) -> any JobQueue
    /// The injected clock, or nil when the backend keeps real time (then ``passTime(_:)`` sleeps).
    var clock: ManualClock?
    /// Real-time backends under load (SQS on moto) get longer timeouts: every duration a test uses
    /// is multiplied by this.
    var timeScale: Double = 1

    /// `seconds` in this harness's time scale.
    func duration(_ seconds: Double) -> Duration {
        .milliseconds(Int((seconds * timeScale * 1_000).rounded()))
    }

    /// Lets `seconds` pass for the queue: instantly with an injected clock, else by sleeping (tests keep
    /// these ≤ 2 s).
    func passTime(_ seconds: Double) async throws {
        if let clock {
            clock.advance(seconds * timeScale)
        } else {
            try await Task.sleep(for: duration(seconds))
        }
    }
}
