import Foundation
import IngestHTTP

extension AWSJSONClient {
    /// Codes meaning the credentials are wrong, expired or do not sign correctly.
    static let credentialCodes: Set<String> = [
        "InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch", "ExpiredToken",
        "ExpiredTokenException", "IncompleteSignature", "IncompleteSignatureException", "InvalidSignatureException",
        "MissingAuthenticationToken", "MissingAuthenticationTokenException", "AuthFailure", "InvalidAccessKeyId",
        "InvalidSecurity",
    ]

    /// Codes meaning the credentials are valid but not allowed to do this.
    static let accessDeniedCodes: Set<String> = [
        "AccessDenied", "AccessDeniedException", "AWS.SimpleQueueService.AccessDenied", "KMS.AccessDeniedException",
        "UnauthorizedOperation", "NotAuthorized",
    ]

    /// Turns a REST failure into an ``AWSError`` that says what to do.
    func awsError(for error: APIError, operation: String) -> AWSError {
        let code = Self.normalizedCode(error.code)
        let awsMessage = error.message.map { ": \(scrubbed($0))" } ?? ""
        let action = service.iamAction(for: operation)
        let message: String
        switch code {
        case _ where Self.credentialCodes.contains(code):
            message =
                "AWS rejected the credentials from \(credentialsSource) for \(action) (\(code)\(awsMessage)): "
                + "they are wrong or expired; check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                + "(AWS_SESSION_TOKEN for temporary credentials) or AWS_PROFILE, and the system clock"
        case _ where Self.accessDeniedCodes.contains(code):
            message =
                "AWS denied \(action) (\(code)\(awsMessage)): allow \(action) for the credentials from "
                + "\(credentialsSource)"
        case "ConnectionFailed":
            message =
                "could not reach \(service) at \(endpoint) for \(operation) (\(error.attempts) attempts): the "
                + "connection failed or timed out; check \(service.endpointVariable) / AWS_ENDPOINT_URL, AWS_REGION "
                + "and the network"
        case _ where error.status == 403:
            message =
                "AWS refused \(action) with HTTP 403\(awsMessage.isEmpty ? "" : " (\(code)\(awsMessage))"): check "
                + "the credentials from \(credentialsSource) and that they allow \(action)"
        default:
            var text = "\(service) \(operation) failed"
            if let status = error.status { text += " with HTTP \(status)" }
            if !code.isEmpty { text += " (\(code)\(awsMessage))" } else { text += awsMessage }
            if error.attempts > 1 { text += " after \(error.attempts) attempts" }
            message = text
        }
        return AWSError(
            code: code.isEmpty ? "HTTP\(error.status ?? 0)" : code,
            message: message,
            service: service.signingName,
            status: error.status,
            operation: operation
        )
    }

    /// AWS's message cut to its first line (a `SignatureDoesNotMatch` text goes on with the canonical
    /// request, which holds the session token), with any credential in it redacted.
    func scrubbed(_ message: String) -> String {
        var text = String(message.prefix { $0 != "\n" && $0 != "\r" })
        for secret in [credentials.secretAccessKey, credentials.sessionToken ?? ""] where secret.count >= 8 {
            text = text.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// `com.amazonaws.sqs#QueueDoesNotExist` → `QueueDoesNotExist`; `Code:http://…` → `Code`;
    /// the REST layer's `connection_failed` → `ConnectionFailed`.
    static func normalizedCode(_ raw: String?) -> String {
        guard var code = raw else { return "" }
        if code == "connection_failed" { return "ConnectionFailed" }
        if code == "invalid_response" { return "InvalidResponse" }
        if let colon = code.firstIndex(of: ":") { code = String(code[..<colon]) }
        if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
        return code
    }
}
