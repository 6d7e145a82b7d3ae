import IngestCore
import Testing

@Suite("One-time events and the shutdown signal", .timeLimit(.minutes(10)))
struct OneTimeEventTests {
    @Test func waitsEndWhenTheEventHappensAndLaterWaitsReturnAtOnce() async {
        let event = OneTimeEvent()
        let waiters = (0..<5).map { _ in Task { await event.wait() } }
        #expect(!event.hasHappened)
        event.happen()
        for waiter in waiters { await waiter.value }
        #expect(event.hasHappened)
        await event.wait()
        event.happen()  // a second call changes nothing
        #expect(event.hasHappened)
    }

    @Test func aCancelledWaiterLeavesWithoutTheEvent() async {
        let event = OneTimeEvent()
        let waiter = Task { await event.wait() }
        waiter.cancel()
        await waiter.value
        #expect(!event.hasHappened)
    }

    @Test func aTriggeredSignalEndsSleepsAndRefusesNewOnes() async throws {
        let signal = ShutdownSignal()
        let sleeper = Task { try await signal.sleep(for: .seconds(3_600)) }
        signal.trigger()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        await #expect(throws: CancellationError.self) {
            try await ShutdownSignal.$current.withValue(signal) { try await ShutdownSignal.sleep(for: .seconds(3_600)) }
        }
        // Without a signal bound, a sleep is an ordinary one.
        try await ShutdownSignal.sleep(for: .milliseconds(1))
    }
}
