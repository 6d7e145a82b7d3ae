import Foundation

/// How one API speaks about rate limits and errors: which headers carry its window, what their
/// reset means, and the shapes of its error bodies. A connector hands its dialect to the REST
/// client (``ConnectorEnvironment/restClient(logger:dialect:)``), so the budget paces to the API's
/// own figures and an operator reads the API's own words. ``standard`` is the one most APIs speak;
/// a connector whose API differs defines its own in its folder (Zendesk's `APIDialect.zendesk`).
public struct APIDialect: Sendable {
    /// Reads a response's rate-limit figures.
    public var readRateLimit: @Sendable (_ response: RESTResponse) -> RateLimitReading
    /// Reads an error response's code and message (nil where the body has none).
    public var readError: @Sendable (_ response: RESTResponse) -> APIErrorDetails

    public init(
        readRateLimit: @escaping @Sendable (RESTResponse) -> RateLimitReading,
        readError: @escaping @Sendable (RESTResponse) -> APIErrorDetails
    ) {
        self.readRateLimit = readRateLimit
        self.readError = readError
    }

    /// `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` in Unix seconds, and the
    /// common JSON error bodies: Intercom's `error.list`, AWS JSON's `{__type, message}` and a plain
    /// `{error|code, message}`. Intercom speaks it; it is also the default.
    public static let standard = APIDialect(
        readRateLimit: { response in
            RateLimitReading(
                limit: response.intHeader("X-RateLimit-Limit"),
                remaining: response.intHeader("X-RateLimit-Remaining"),
                resetAt: response.intHeader("X-RateLimit-Reset").map(Double.init),
                retryAfter: response.intHeader("Retry-After").map(Double.init)
            )
        },
        readError: { APIErrorDetails.standard($0) }
    )
}

/// The rate-limit figures one response carried.
public struct RateLimitReading: Sendable, Hashable {
    /// Requests allowed per window.
    public var limit: Int?
    /// Requests left in the current window.
    public var remaining: Int?
    /// When the current window ends, in seconds since 1970.
    public var resetAt: Double?
    /// When the current window ends, in seconds from when the answer arrived (the budget converts it
    /// with its own clock).
    public var resetAfter: Double?
    /// Seconds to wait before the next request (a 429's `Retry-After`).
    public var retryAfter: Double?

    public init(
        limit: Int? = nil,
        remaining: Int? = nil,
        resetAt: Double? = nil,
        resetAfter: Double? = nil,
        retryAfter: Double? = nil
    ) {
        self.limit = limit
        self.remaining = remaining
        self.resetAt = resetAt
        self.resetAfter = resetAfter
        self.retryAfter = retryAfter
    }
}

/// An error response's code, message and request id, as the API wrote them.
public struct APIErrorDetails: Sendable, Hashable {
    public var code: String?
    public var message: String?
    public var requestID: String?

    public init(code: String? = nil, message: String? = nil, requestID: String? = nil) {
        self.code = code
        self.message = message
        self.requestID = requestID
    }

    /// Messages are the API's text, but kept short in case a server echoes input back.
    public static let maximumMessageLength = 300

    /// `text` trimmed and cut to ``maximumMessageLength`` characters; nil when empty.
    public static func shortened(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return String(text.prefix(maximumMessageLength))
    }

    /// The body as a JSON object, or nil when it is not one.
    public static func jsonObject(_ response: RESTResponse) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]
    }

    /// Intercom's `error.list`, AWS JSON's `{__type, message}` and a plain `{error|code, message}`.
    static func standard(_ response: RESTResponse) -> APIErrorDetails {
        guard let object = jsonObject(response) else { return APIErrorDetails() }
        var details = APIErrorDetails(requestID: object["request_id"] as? String)
        if let errors = object["errors"] as? [[String: Any]], let first = errors.first {
            details.code = first["code"] as? String
            details.message = first["message"] as? String
        } else if let type = object["__type"] as? String {
            // AWS JSON protocols: "com.amazonaws.sqs#QueueDoesNotExist" → "QueueDoesNotExist".
            details.code = type.split(separator: "#").last.map(String.init) ?? type
            details.message = object["message"] as? String ?? object["Message"] as? String
        } else {
            details.code = object["code"] as? String ?? object["error"] as? String
            details.message = object["message"] as? String
        }
        details.message = shortened(details.message)
        return details
    }
}
