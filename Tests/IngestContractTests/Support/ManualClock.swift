import Foundation
import Synchronization

/// A clock tests move by hand.
final class ManualClock: Sendable {
    private let time: Mutex<Double>

    init(_ start: Double = 1_000_000) { time = Mutex(start) }

    /// Seconds since 1970.
    var now: Double { time.withLock { $0 } }
    var date: Date { Date(timeIntervalSince1970: now) }

    func advance(_ seconds: Double) { time.withLock { $0 += seconds } }
}
