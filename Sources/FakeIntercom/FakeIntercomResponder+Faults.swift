import FakeAPIKit
import HTTPTypes
import Hummingbird
import NIOCore

/// Responses for the faults of ``FaultInjection``.
extension FakeIntercomResponder {
    /// The page a gateway (nginx, as in front of Intercom) shows for a 502: HTML, not JSON.
    static let badGatewayPage = """
        <html>\r
        <head><title>502 Bad Gateway</title></head>\r
        <body>\r
        <center><h1>502 Bad Gateway</h1></center>\r
        <hr><center>nginx</center>\r
        </body>\r
        </html>\r

        """

    /// An injected 500, 502 or 503. 500 and 503 come from Intercom (`error.list`, rate-limit headers);
    /// 502 comes from a gateway (an HTML page, no rate-limit headers).
    static func serverError(status: Int, limit: RateLimiter.Decision) -> Response {
        switch status {
        case 502:
            var headers = HTTPFields()
            headers[.contentType] = "text/html"
            return Response(
                status: .badGateway,
                headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(string: badGatewayPage))
            )
        case 503:
            return error(
                .serviceUnavailable,
                code: "service_unavailable",
                message: "Service Unavailable",
                limit: limit
            )
        default:
            return error(.internalServerError, code: "server_error", message: "Server Error", limit: limit)
        }
    }

    /// `response` with its body cut to half its `Content-Length` and the connection closed after that half.
    static func truncated(_ response: Response) -> Response {
        var response = response
        response.body = response.body.truncatedToHalf()
        return response
    }
}
