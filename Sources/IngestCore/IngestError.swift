/// Why a job stopped, in words an operator can act on.
///
/// The worker uses ``isRetryable`` to decide between releasing the message for another attempt and
/// failing the job at once.
public struct IngestError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// The API rejected the credentials (401); a new token is needed.
        public static let unauthorized = Code(name: "unauthorized")
        /// The credentials lack a permission or the plan lacks the feature (403).
        public static let forbidden = Code(name: "forbidden")
        /// The job's config or the connector's settings are wrong (400, a missing secret …).
        public static let configuration = Code(name: "configuration")
        /// Worth another attempt later (network, 5xx, rate limits past the retry budget).
        public static let transient = Code(name: "transient")
        /// The requested item does not exist (404); for a specific id this means "missing", not failed.
        public static let notFound = Code(name: "not_found")
        /// Too many items failed; the job's failures say which.
        public static let tooManyFailures = Code(name: "too_many_failures")
    }

    public var code: Code
    /// What went wrong and what to do; never contains a secret.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var isRetryable: Bool { code == .transient }

    public var description: String { message }
}
