/// An API answered with an error status (after any retries), or could not be reached.
///
/// Holds what a user needs to act — status, the API's error code and message, the request id —
/// and never a token or a request body.
public struct APIError: Error, Sendable, CustomStringConvertible {
    /// The HTTP status, or nil when no response arrived.
    public var status: Int?
    /// The API's own error code, e.g. `unauthorized`, `not_found`, `rate_limit_exceeded`.
    public var code: String?
    public var message: String?
    public var requestID: String?
    /// Method and path (no query values, no host credentials) of the failed request.
    public var endpoint: String
    public var attempts: Int

    public init(status: Int?, code: String?, message: String?, requestID: String?, endpoint: String, attempts: Int) {
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
        self.endpoint = endpoint
        self.attempts = attempts
    }

    public var description: String {
        var text = "\(endpoint) failed"
        if let status { text += " with HTTP \(status)" } else { text += " without a response" }
        if let code { text += " (\(code))" }
        if let message, !message.isEmpty { text += ": \(message)" }
        if attempts > 1 { text += " after \(attempts) attempts" }
        if let requestID { text += " [request \(requestID)]" }
        return text
    }
}
