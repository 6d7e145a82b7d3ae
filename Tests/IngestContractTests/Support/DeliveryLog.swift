import Synchronization

/// The ids consumers received, in the order they recorded them.
final class DeliveryLog: Sendable {
    private let received = Mutex<[String]>([])

    func record(_ ids: [String]) { received.withLock { $0 += ids } }

    var ids: [String] { received.withLock { $0 } }
}
