import FakeAPIKit
import Foundation
import HTTPTypes
import Hummingbird
import IngestCore
import NIOCore

/// Response building: JSON bodies, Zendesk's error shapes, 429s and the rate-limit headers.
extension FakeZendeskResponder {
    static let rateLimit = HTTPField.Name("X-Rate-Limit")!
    static let rateLimitRemaining = HTTPField.Name("X-Rate-Limit-Remaining")!
    static let ratelimitLimit = HTTPField.Name("ratelimit-limit")!
    static let ratelimitRemaining = HTTPField.Name("ratelimit-remaining")!
    static let ratelimitReset = HTTPField.Name("ratelimit-reset")!
    static let retryAfter = HTTPField.Name("Retry-After")!
    static let requestID = HTTPField.Name("X-Request-Id")!

    /// A 200 JSON response.
    static func json(_ body: [String: JSONValue], limit: RateLimiter.Decision?, now: Double) -> Response {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16_384)
        JSONValue.writeObject(body, into: &bytes)
        return response(.ok, bytes: bytes, contentType: "application/json; charset=utf-8", limit: limit, now: now)
    }

    /// The classic error body `{"error": CODE, "description": …}` (no description: `{"error": CODE}`).
    static func error(
        _ status: HTTPResponse.Status,
        code: String,
        description: String? = nil,
        limit: RateLimiter.Decision?,
        now: Double
    ) -> Response {
        var body: [String: JSONValue] = ["error": .string(code)]
        if let description { body["description"] = .string(description) }
        var bytes: [UInt8] = []
        JSONValue.writeObject(body, into: &bytes)
        return response(status, bytes: bytes, contentType: "application/json; charset=utf-8", limit: limit, now: now)
    }

    static func badRequest(_ code: String, _ description: String, limit: RateLimiter.Decision?, now: Double) -> Response
    {
        error(.badRequest, code: code, description: description, limit: limit, now: now)
    }

    /// A 429: `Retry-After` (unless turned off), the refusing window's headers, and a plain-text body (or
    /// the `errors` array).
    func rateLimited(_ admission: ServerState.Admission, now: Double) -> Response {
        // The headers are the plan's: they show nothing left unless another bucket (the export's, the
        // deleted tickets') refused, which leaves the plan's figures as they are.
        var decision = admission.decision
        if case .overLimit(let bucket) = admission.rejection, bucket != FakeZendeskServer.planBucket {
        } else {
            decision.remaining = 0
        }
        let bytes: [UInt8]
        let contentType: String
        if configuration.jsonRateLimitBody {
            var output: [UInt8] = []
            JSONValue.writeObject(
                [
                    "errors": [
                        [
                            "code": "TooManyRequests", "title": "Too Many Requests", "status": "429",
                            "detail": "You have exceeded a rate limit.",
                        ]
                    ]
                ],
                into: &output
            )
            bytes = output
            contentType = "application/json; charset=utf-8"
        } else {
            bytes = Array("Number of allowed API requests per minute exceeded: 0".utf8)
            contentType = "text/plain; charset=utf-8"
        }
        var response = Self.response(
            .tooManyRequests,
            bytes: bytes,
            contentType: contentType,
            limit: decision,
            now: now
        )
        if configuration.sendRetryAfter, let wait = admission.retryAfter {
            response.headers[Self.retryAfter] = String(wait)
        }
        return response
    }

    /// An injected server error: 500 as JSON, 502 as an HTML page, 503 with `error` as an object.
    static func serverError(status: Int, limit: RateLimiter.Decision, now: Double) -> Response {
        switch status {
        case 502:
            let page =
                "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>"
            return response(.badGateway, bytes: Array(page.utf8), contentType: "text/html", limit: limit, now: now)
        case 503:
            var bytes: [UInt8] = []
            JSONValue.writeObject(
                [
                    "error": [
                        "title": "Service Unavailable",
                        "message": "Zendesk is temporarily unavailable. Please try again.",
                    ]
                ],
                into: &bytes
            )
            return response(
                .serviceUnavailable,
                bytes: bytes,
                contentType: "application/json; charset=utf-8",
                limit: limit,
                now: now
            )
        default:
            return error(
                .internalServerError,
                code: "InternalError",
                description: "Something went wrong",
                limit: limit,
                now: now
            )
        }
    }

    /// Every response carries the account's plan headers (when the request got that far) and a request id.
    static func response(
        _ status: HTTPResponse.Status,
        bytes: [UInt8],
        contentType: String,
        limit: RateLimiter.Decision?,
        now: Double
    ) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[requestID] = UUID().uuidString.lowercased().prefix(16) + "-FAKE"
        if let limit {
            headers[rateLimit] = String(limit.limit)
            headers[rateLimitRemaining] = String(limit.remaining)
            headers[ratelimitLimit] = String(limit.limit)
            headers[ratelimitRemaining] = String(limit.remaining)
            headers[ratelimitReset] = String(ServerState.wait(until: limit.reset, now: now))
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
