import Crypto
import Foundation
import Synchronization

/// One ``RequestBudget`` per API workspace, keyed by the caller (e.g. host + a token fingerprint),
/// shared by all of a worker's jobs so concurrent jobs on one workspace share one budget.
public final class RequestBudgets: Sendable {
    private let budgets = Mutex<[String: RequestBudget]>([:])

    public init() {}

    /// The budget of the workspace behind `token` at `host`. Keyed by a fingerprint of the token,
    /// so the token itself is never held as a key.
    public func budget(host: String, token: String) -> RequestBudget {
        let fingerprint = SHA256.hash(data: Data(token.utf8)).prefix(8).map { String($0, radix: 16) }.joined()
        return budget(for: "\(host)#\(fingerprint)")
    }

    public func budget(for key: String) -> RequestBudget {
        budgets.withLock { budgets in
            if let existing = budgets[key] { return existing }
            let budget = RequestBudget()
            budgets[key] = budget
            return budget
        }
    }
}
