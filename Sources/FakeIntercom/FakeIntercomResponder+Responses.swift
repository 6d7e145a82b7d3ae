import Foundation
import HTTPTypes
import Hummingbird
import IngestCore
import NIOCore

/// Response building: JSON bodies, `error.list` errors and the `X-RateLimit-*` headers.
extension FakeIntercomResponder {
    static let rateLimitLimit = HTTPField.Name("X-RateLimit-Limit")!
    static let rateLimitRemaining = HTTPField.Name("X-RateLimit-Remaining")!
    static let rateLimitReset = HTTPField.Name("X-RateLimit-Reset")!

    /// A 200 JSON response.
    static func json(_ body: [String: JSONValue], limit: RateLimiter.Decision?) -> Response {
        response(.ok, body: body, limit: limit)
    }

    /// An `error.list` response with a fresh lowercase UUID `request_id`.
    static func error(
        _ status: HTTPResponse.Status,
        code: String,
        message: String,
        limit: RateLimiter.Decision?
    ) -> Response {
        let body: [String: JSONValue] = [
            "type": "error.list",
            "request_id": .string(UUID().uuidString.lowercased()),
            "errors": [["code": .string(code), "message": .string(message)]],
        ]
        return response(status, body: body, limit: limit)
    }

    static func notFound(limit: RateLimiter.Decision?) -> Response {
        error(.notFound, code: "not_found", message: "Resource Not Found", limit: limit)
    }

    static func badRequest(_ message: String, limit: RateLimiter.Decision?) -> Response {
        error(.badRequest, code: "parameter_invalid", message: message, limit: limit)
    }

    private static func response(
        _ status: HTTPResponse.Status,
        body: [String: JSONValue],
        limit: RateLimiter.Decision?
    ) -> Response {
        response(status, bytes: Self.body(body), limit: limit)
    }

    /// A JSON object's bytes as the fake writes every body.
    static func body(_ object: [String: JSONValue]) -> ByteBuffer {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8_192)
        JSONValue.writeObject(object, into: &bytes)
        return ByteBuffer(bytes: bytes)
    }

    /// A 200 with a body written before.
    static func json(bytes: ByteBuffer, limit: RateLimiter.Decision?) -> Response {
        response(.ok, bytes: bytes, limit: limit)
    }

    private static func response(
        _ status: HTTPResponse.Status,
        bytes: ByteBuffer,
        limit: RateLimiter.Decision?
    ) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if let limit {
            headers[rateLimitLimit] = String(limit.limit)
            headers[rateLimitRemaining] = String(limit.remaining)
            headers[rateLimitReset] = String(limit.reset)
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: bytes))
    }
}
