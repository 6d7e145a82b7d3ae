import Synchronization

/// One ``RequestBudget`` per API workspace, keyed by the caller (e.g. host + a token fingerprint),
/// shared by all of a worker's jobs so concurrent jobs on one workspace share one budget.
public final class RequestBudgets: Sendable {
    private let budgets = Mutex<[String: RequestBudget]>([:])

    public init() {}

    public func budget(for key: String) -> RequestBudget {
        budgets.withLock { budgets in
            if let existing = budgets[key] { return existing }
            let budget = RequestBudget()
            budgets[key] = budget
            return budget
        }
    }
}
