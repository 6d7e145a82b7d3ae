import Foundation
public import IngestHTTP

extension APIDialect {
    /// Zendesk: `X-Rate-Limit` and `X-Rate-Limit-Remaining` (the account's per-minute limit),
    /// `ratelimit-reset` in seconds from now, `Retry-After` in seconds on a 429 whose body may be plain
    /// text; error bodies `{"error": "…", "description": "…"}`, `error` as an object `{title, message}`,
    /// or `{"errors": [{code, title}]}`.
    public static let zendesk = APIDialect(
        readRateLimit: { response in
            RateLimitReading(
                limit: response.intHeader("X-Rate-Limit") ?? response.intHeader("ratelimit-limit"),
                remaining: response.intHeader("X-Rate-Limit-Remaining") ?? response.intHeader("ratelimit-remaining"),
                resetAfter: response.intHeader("ratelimit-reset").map(Double.init),
                retryAfter: response.intHeader("Retry-After").map(Double.init)
            )
        },
        readError: { zendeskError($0) }
    )

    /// Zendesk's three JSON shapes, and plain text (its 429s): the text becomes the message.
    static func zendeskError(_ response: RESTResponse) -> APIErrorDetails {
        var details = APIErrorDetails(requestID: APIErrorDetails.shortened(response.header("X-Request-Id")))
        guard let object = APIErrorDetails.jsonObject(response) else {
            let contentType = response.header("Content-Type")?.lowercased() ?? ""
            if contentType.hasPrefix("text/plain") {
                details.message = APIErrorDetails.shortened(String(decoding: response.body, as: UTF8.self))
            }
            return details
        }
        if let error = object["error"] as? String {
            // `{"error":"RecordNotFound","description":"Not found"}`; `{"error":"Couldn't authenticate you"}`
            // is a sentence, not a code.
            if error.contains(" ") {
                details.message = error
            } else {
                details.code = error
                details.message = object["description"] as? String
            }
        } else if let error = object["error"] as? [String: Any] {
            details.code = error["title"] as? String
            details.message = error["message"] as? String ?? object["description"] as? String
        } else if let errors = object["errors"] as? [[String: Any]], let first = errors.first {
            details.code = first["code"] as? String
            details.message = first["title"] as? String ?? first["detail"] as? String
        }
        details.message = APIErrorDetails.shortened(details.message)
        return details
    }
}
