/// Long polling for queues that cannot block on the server: try, and until something arrives or
/// `wait` has passed, try again every `interval`.
public func longPoll<Element: Sendable>(
    wait: Duration,
    interval: Duration,
    _ attempt: () async throws -> [Element]
) async throws -> [Element] {
    let started = ContinuousClock.now
    while true {
        let found = try await attempt()
        let elapsed = ContinuousClock.now - started
        if !found.isEmpty || elapsed >= wait { return found }
        try await Task.sleep(for: min(interval, wait - elapsed))
    }
}
