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
    ///
    /// An account with several limits holds one budget per limit: `scope` names it (e.g. Zendesk's
    /// `"export"`, 10 requests a minute for all incremental exports, beside the plan's limit), and
    /// `clientLimit` is the limit the budget keeps by itself when the API does not report it.
    public func budget(
        host: String,
        token: String,
        scope: String? = nil,
        clientLimit: ClientRateLimit? = nil
    ) -> RequestBudget {
        let fingerprint = SHA256.hash(data: Data(token.utf8)).prefix(8).map { String($0, radix: 16) }.joined()
        return budget(for: "\(host)#\(fingerprint)" + (scope.map { "#\($0)" } ?? ""), clientLimit: clientLimit)
    }

    /// The budget under `key`, created with `clientLimit` on first use.
    public func budget(for key: String, clientLimit: ClientRateLimit? = nil) -> RequestBudget {
        budgets.withLock { budgets in
            if let existing = budgets[key] { return existing }
            let budget = RequestBudget(clientLimit: clientLimit)
            budgets[key] = budget
            return budget
        }
    }
}
