import Crypto
public import Foundation
import IngestCore

/// Signs AWS requests with Signature Version 4 (`AWS4-HMAC-SHA256`, signature in the
/// `Authorization` header).
///
/// A pure value: the request time is a parameter, so equal inputs always give equal signatures
/// (which is how the AWS test-suite vectors are checked). Every header passed in is signed except
/// hop-by-hop ones, `User-Agent` and `X-Amzn-Trace-Id`; pass `Host` exactly as it goes on the wire,
/// or use ``sign(method:url:headers:body:date:includeContentSHA256:)`` which adds it.
public struct SigV4Signer: Sendable {
    public var credentials: AWSCredentials
    /// The region in the credential scope, e.g. `us-east-1`.
    public var region: String
    /// The service signing name, e.g. `sqs` or `ssm`.
    public var service: String

    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// A signed request: the headers to send and every intermediate step.
    ///
    /// Its description shows only the scope, the signed header names and the signature: the
    /// canonical request and the headers may hold a session token.
    public struct Signature: Sendable, CustomStringConvertible {
        public var canonicalRequest: String
        public var stringToSign: String
        /// Lower-case hex HMAC-SHA256 of the string to sign.
        public var signature: String
        /// The value of the `Authorization` header.
        public var authorization: String
        /// Lower-case signed header names joined with `;`.
        public var signedHeaders: String
        /// The headers to send: those given, plus `X-Amz-Date`, `X-Amz-Security-Token` (with a session
        /// token), `X-Amz-Content-Sha256` (when asked for) and `Authorization`.
        public var headers: [(String, String)]

        public var description: String {
            "SigV4Signer.Signature(signedHeaders: \(signedHeaders), signature: \(signature))"
        }
    }

    /// Headers never signed: a proxy or the HTTP client may change or drop them.
    static let unsignedHeaders: Set<String> = [
        "user-agent", "x-amzn-trace-id", "connection", "keep-alive", "proxy-authorization", "proxy-connection",
        "te", "trailer", "transfer-encoding", "upgrade", "expect", "authorization",
    ]

    /// Signs a request to `url`, adding a `Host` header (`host`, or `host:port` for a port that is
    /// not the scheme's default) unless `headers` has one.
    public func sign(
        method: String,
        url: URL,
        headers: [(String, String)],
        body: Data,
        date: Date,
        includeContentSHA256: Bool = false
    ) -> Signature {
        var all = headers
        if !headers.contains(where: { $0.0.lowercased() == "host" }) {
            all.insert(("Host", Self.hostHeader(for: url)), at: 0)
        }
        let path = url.path(percentEncoded: true)
        return sign(
            method: method,
            path: path.isEmpty ? "/" : path,
            query: url.query(percentEncoded: true) ?? "",
            headers: all,
            body: body,
            date: date,
            includeContentSHA256: includeContentSHA256
        )
    }

    /// Signs a request given its parts. `path` and `query` are as they appear on the wire
    /// (percent-encoded); `headers` must include `Host`.
    public func sign(
        method: String,
        path: String,
        query: String = "",
        headers: [(String, String)],
        body: Data,
        date: Date,
        includeContentSHA256: Bool = false
    ) -> Signature {
        let amzDate = Self.amzDate(date)
        let day = String(amzDate.prefix(8))
        let payloadHash = Self.hex(SHA256.hash(data: body))

        var sent = headers
        let present = Set(headers.map { $0.0.lowercased() })
        if !present.contains("x-amz-date") { sent.append(("X-Amz-Date", amzDate)) }
        if includeContentSHA256 && !present.contains("x-amz-content-sha256") {
            sent.append(("X-Amz-Content-Sha256", payloadHash))
        }
        if let token = credentials.sessionToken, !present.contains("x-amz-security-token") {
            sent.append(("X-Amz-Security-Token", token))
        }

        var merged: [String: [String]] = [:]
        for (name, value) in sent {
            let lower = name.lowercased()
            guard !Self.unsignedHeaders.contains(lower) else { continue }
            merged[lower, default: []].append(Self.normalizedHeaderValue(value))
        }
        let names = merged.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(merged[$0]!.joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")

        let canonicalRequest = [
            method.uppercased(),
            Self.canonicalURI(path),
            Self.canonicalQuery(query),
            canonicalHeaders,
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")

        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256",
            amzDate,
            scope,
            Self.hex(SHA256.hash(data: Data(canonicalRequest.utf8))),
        ].joined(separator: "\n")

        let key = signingKey(day: day)
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
        sent.append(("Authorization", authorization))
        return Signature(
            canonicalRequest: canonicalRequest,
            stringToSign: stringToSign,
            signature: signature,
            authorization: authorization,
            signedHeaders: signedHeaders,
            headers: sent
        )
    }

    /// `kSigning` for `day` (`yyyyMMdd`): HMAC chain over the date, region, service and `aws4_request`.
    func signingKey(day: String) -> SymmetricKey {
        func hmac(_ key: SymmetricKey, _ data: String) -> SymmetricKey {
            SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(data.utf8), using: key)))
        }
        let secret = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        return hmac(hmac(hmac(hmac(secret, day), region), service), "aws4_request")
    }

    /// The signing key for `day` as lower-case hex (for checking against published vectors).
    public func signingKeyHex(day: String) -> String {
        signingKey(day: day).withUnsafeBytes { Self.hex($0) }
    }

    /// `yyyyMMdd'T'HHmmss'Z'` in UTC.
    public static func amzDate(_ date: Date) -> String {
        let time = CivilTime(unixSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(time.year, 4) + pad(time.month, 2) + pad(time.day, 2) + "T" + pad(time.hour, 2)
            + pad(time.minute, 2) + pad(time.second, 2) + "Z"
    }

    /// The `Host` header for `url`: the host, with `:port` when the port is not the scheme's default.
    public static func hostHeader(for url: URL) -> String {
        var host = url.host(percentEncoded: false) ?? ""
        if host.contains(":") && !host.hasPrefix("[") { host = "[\(host)]" }
        guard let port = url.port else { return host }
        let defaultPort = url.scheme?.lowercased() == "https" ? 443 : 80
        return port == defaultPort ? host : "\(host):\(port)"
    }
}
