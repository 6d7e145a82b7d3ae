import Synchronization

/// The server's time: the configured clock plus however far ``advance(by:)`` moved it.
final class ServerClock: Sendable {
    private let base: @Sendable () -> Double
    private let offset = Mutex<Double>(0)

    init(_ base: @escaping @Sendable () -> Double) {
        self.base = base
    }

    /// Seconds since 1970, with sub-second precision.
    var now: Double { base() + offset.withLock { $0 } }

    /// Whole seconds.
    var seconds: Int64 { Int64(now.rounded(.down)) }

    func advance(by seconds: Int64) {
        offset.withLock { $0 += Double(seconds) }
    }
}
