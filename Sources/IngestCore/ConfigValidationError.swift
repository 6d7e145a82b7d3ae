/// A job or config field that is missing, of the wrong type or out of range.
///
/// The message names the field and what is allowed, for example
/// `per_page: must be an integer from 1 to 150, got 500`.
public struct ConfigValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The snake_case field name as it appears in the job JSON (`per_page`), or `(message)` for the whole message.
    public var field: String
    /// What is wrong and what is allowed.
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "\(field): \(problem)" }
}
