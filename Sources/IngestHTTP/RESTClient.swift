public import AsyncHTTPClient
public import Foundation
public import IngestCore
public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// The one REST layer every connector goes through: request budget, retries with jittered backoff,
/// a deadline on every attempt, typed errors, and request logging without secrets.
public struct RESTClient: Sendable {
    public let httpClient: HTTPClient
    public let retryPolicy: RetryPolicy
    /// Deadline of one attempt, from sending to the last byte of the body.
    public let attemptTimeout: Duration
    /// Responses larger than this are refused (a runaway body must not exhaust memory).
    public let maxBodyBytes: Int
    /// How the API reports rate limits and errors.
    public let dialect: APIDialect
    let logger: Logger
    let sleep: @Sendable (Duration) async throws -> Void
    let clock: @Sendable () -> Double

    /// - Parameters:
    ///   - sleep: Waits out a retry backoff. The default ends at once when a graceful shutdown begins
    ///     (``ShutdownSignal``), so a worker stopping never sits out a backoff.
    ///   - clock: Seconds since 1970; measures how long a request has been retrying and spaces its
    ///     warnings. Tests pass one they move by hand (with a `sleep` that moves it).
    public init(
        httpClient: HTTPClient,
        retryPolicy: RetryPolicy = RetryPolicy(),
        attemptTimeout: Duration = .seconds(30),
        maxBodyBytes: Int = 64 * 1024 * 1024,
        dialect: APIDialect = .standard,
        logger: Logger,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await ShutdownSignal.sleep(for: $0) },
        clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        self.httpClient = httpClient
        self.retryPolicy = retryPolicy
        self.attemptTimeout = attemptTimeout
        self.maxBodyBytes = maxBodyBytes
        self.dialect = dialect
        self.logger = logger
        self.sleep = sleep
        self.clock = clock
    }

    /// Hosts' last "cannot reach" warning, shared by every request through this client (a job's):
    /// however many of them fail at once, a host is warned about at most once per
    /// ``RetryPolicy/warningInterval``.
    let unreachableWarnings = WarningThrottle()

    /// Sends a GET (or other body-less request) and decodes a 2xx answer with `decode`.
    ///
    /// - `headers` are sent as given and never logged (they carry the token).
    /// - `endpoint` names the call in logs and errors, e.g. `GET /conversations/{id}`.
    /// - A 2xx whose body `decode` rejects is retried like a 5xx (truncated bodies happen).
    /// - Non-retryable statuses and exhausted retries throw ``APIError``.
    /// - `budget` is the budget the request spends (a 429 and its `Retry-After` hold it); the request
    ///   also counts in the budgets `alsoCounting` names (a Zendesk export counts in the account's plan
    ///   limit too), which take the answer's window figures but not its 429.
    public func send<Result: Sendable>(
        method: String = "GET",
        url: String,
        headers: [(String, String)],
        body: Data? = nil,
        endpoint: String,
        budget: RequestBudget?,
        alsoCounting others: [RequestBudget] = [],
        decode: @Sendable (RESTResponse) throws -> Result
    ) async throws -> Result {
        var attempt = 0
        var rateLimitWaits = 0
        let firstAttemptAt = clock()
        // Only failures name the host: parsing the URL for every request cost 0.6% of a backfill's CPU.
        lazy var host = Self.hostAndPort(of: url)
        var failureWithoutResponse: String?
        while true {
            attempt += 1
            try Task.checkCancellation()
            if let budget { try await budget.acquire() }
            for (position, other) in others.enumerated() {
                do {
                    try await other.acquire()
                } catch {
                    budget?.abandon()
                    for acquired in others[..<position] { acquired.abandon() }
                    throw error
                }
            }
            let started = ContinuousClock.now
            let outcome: RetryPolicy.Outcome
            var lastResponse: RESTResponse?
            do {
                let response = try await execute(method: method, url: url, headers: headers, body: body)
                let reading = dialect.readRateLimit(response)
                budget?.complete(status: response.status, reading: reading)
                if !others.isEmpty {
                    // The request only counted in these: their window figures apply, but a 429 (and its
                    // Retry-After) is the spent budget's; a refused window shows as nothing remaining.
                    var counted = reading
                    counted.retryAfter = nil
                    for other in others {
                        other.complete(status: response.status == 429 ? 200 : response.status, reading: counted)
                    }
                }
                lastResponse = response
                failureWithoutResponse = nil
                HTTPMetrics.request(endpoint: endpoint, status: response.status)
                logger.debug(
                    "http request finished",
                    metadata: [
                        "http.endpoint": "\(endpoint)", "http.status": "\(response.status)",
                        "http.attempt": "\(attempt)", "http.duration_ms": "\(Self.milliseconds(since: started))",
                        "http.response_bytes": "\(response.body.count)",
                    ]
                )
                if (200..<300).contains(response.status) {
                    do {
                        return try decode(response)
                    } catch {
                        outcome = .undecodableBody
                    }
                } else {
                    outcome = .status(response.status)
                }
            } catch let error where !(error is CancellationError) && !Task.isCancelled {
                budget?.abandon()
                for other in others { other.abandon() }
                HTTPMetrics.request(endpoint: endpoint, status: nil)
                failureWithoutResponse = Self.describe(error)
                logger.debug(
                    "http request failed without a response",
                    metadata: [
                        "http.endpoint": "\(endpoint)", "http.attempt": "\(attempt)",
                        "error.type": "\(type(of: error))", "http.duration_ms": "\(Self.milliseconds(since: started))",
                    ]
                )
                outcome = .transportFailure
            }

            let decision = retryPolicy.decision(for: outcome)
            // A 429 waits in the budget until the window resets; it does not use up an attempt.
            if case .status(429) = outcome, budget != nil, rateLimitWaits < retryPolicy.maxRateLimitWaits {
                rateLimitWaits += 1
                attempt -= 1
                logger.debug("http request rate limited", metadata: ["http.endpoint": "\(endpoint)"])
                continue
            }
            let now = clock()
            let elapsed = Duration.seconds(max(now - firstAttemptAt, 0))
            if decision == .retry {
                let delay = retryPolicy.backoff(afterAttempt: attempt, unit: Double.random(in: 0..<1))
                if retryPolicy.retries(afterAttempt: attempt, elapsed: elapsed, delay: delay) {
                    if let failureWithoutResponse,
                        unreachableWarnings.shouldWarn(
                            about: host,
                            now: now,
                            interval: retryPolicy.warningInterval.seconds
                        )
                    {
                        logger.warning(
                            "cannot reach the API; retrying",
                            metadata: [
                                "http.host": "\(host)", "http.endpoint": "\(endpoint)",
                                "error": "\(failureWithoutResponse)",
                                "http.attempt": "\(attempt)",
                                "retry.at": "\(Self.timestamp(now + delay.seconds))",
                                "retry.failing_for_s": "\(Int(elapsed.seconds.rounded()))",
                            ]
                        )
                    }
                    logger.debug(
                        "http request will be retried",
                        metadata: [
                            "http.endpoint": "\(endpoint)",
                            "retry.delay_ms": "\(Int((delay.seconds * 1000).rounded()))",
                        ]
                    )
                    try await sleep(delay)
                    continue
                }
            }
            throw Self.error(
                for: outcome,
                dialect: dialect,
                response: lastResponse,
                endpoint: endpoint,
                attempts: attempt + rateLimitWaits,
                failure: failureWithoutResponse.map { (host: host, reason: $0, elapsed: elapsed) }
            )
        }
    }

    private func execute(
        method: String,
        url: String,
        headers: [(String, String)],
        body: Data?
    ) async throws -> RESTResponse {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let deadline =
            NIODeadline.now()
            + .nanoseconds(
                Int64(attemptTimeout.components.seconds) * 1_000_000_000 + attemptTimeout.components.attoseconds
                    / 1_000_000_000
            )
        let response = try await httpClient.execute(request, deadline: deadline, logger: nil)
        let buffer = try await response.body.collect(upTo: maxBodyBytes)
        let bytes = Data(buffer.readableBytesView)
        var responseHeaders: [String: String] = [:]
        for header in response.headers { responseHeaders[header.name.lowercased()] = header.value }
        return RESTResponse(status: Int(response.status.code), headers: responseHeaders, body: bytes)
    }

    static func error(
        for outcome: RetryPolicy.Outcome,
        dialect: APIDialect = .standard,
        response: RESTResponse?,
        endpoint: String,
        attempts: Int,
        failure: (host: String, reason: String, elapsed: Duration)? = nil
    ) -> APIError {
        switch outcome {
        case .transportFailure:
            let message =
                failure.map {
                    "cannot reach \($0.host): \($0.reason) (retried for \(Int($0.elapsed.seconds.rounded())) s)"
                } ?? "the connection failed or timed out"
            return APIError(
                status: nil,
                code: "connection_failed",
                message: message,
                requestID: nil,
                endpoint: endpoint,
                attempts: attempts
            )
        case .undecodableBody:
            return APIError(
                status: response?.status,
                code: "invalid_response",
                message: "the response body was truncated or not the expected JSON",
                requestID: nil,
                endpoint: endpoint,
                attempts: attempts
            )
        case .status(let status):
            let details = response.map(dialect.readError) ?? APIErrorDetails()
            return APIError(
                status: status,
                code: details.code,
                message: details.message,
                requestID: details.requestID,
                endpoint: endpoint,
                attempts: attempts
            )
        }
    }

    /// `value` with everything but letters, digits and `-._~` percent-encoded, for a path segment or
    /// a query value.
    public static func percentEncoded(_ value: String) -> String {
        // Ids and cursors are mostly unreserved already: then the value is returned as it is.
        guard value.utf8.contains(where: { !isUnreserved($0) }) else { return value }
        let digits: StaticString = "0123456789ABCDEF"
        var output: [UInt8] = []
        output.reserveCapacity(value.utf8.count * 3)
        for byte in value.utf8 {
            if isUnreserved(byte) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(digits.utf8Start[Int(byte >> 4)])
                output.append(digits.utf8Start[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// RFC 3986's unreserved characters: ASCII letters and digits, `-`, `.`, `_`, `~`.
    @inline(__always)
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default: false
        }
    }

    /// `host:port` of `url` (no user info, path or query), for messages about reaching it.
    static func hostAndPort(of url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return "the API host" }
        return components.port.map { "\(host):\($0)" } ?? host
    }

    /// What went wrong without a response, in words: "connection refused", "connect timed out" …
    /// (never a header or a body: these errors carry neither).
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "connect timed out"
            case .deadlineExceeded: return "no complete answer before the request's deadline"
            case .readTimeout: return "read timed out"
            case .remoteConnectionClosed: return "the server closed the connection"
            default: return String("\(error)".prefix(200))
            }
        }
        if let error = error as? NIOConnectionError {
            if let first = error.connectionErrors.first { return describe(first.error) }
            if let dnsError = error.dnsAAAAError ?? error.dnsAError { return "name lookup failed: \(dnsError)" }
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ECONNRESET: return "connection reset by peer"
            case ETIMEDOUT: return "connection timed out"
            case EHOSTUNREACH, ENETUNREACH: return "no route to host"
            default: return String(error.description.prefix(200))
            }
        }
        return String("\(error)".prefix(200))
    }

    /// An ISO 8601 UTC time, for log lines.
    static func timestamp(_ seconds: Double) -> String {
        Date(timeIntervalSince1970: seconds).formatted(.iso8601)
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}

/// A response as received: status, lower-cased headers and the whole body.
public struct RESTResponse: Sendable {
    public var status: Int
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// A header's value as an integer (surrounding spaces and tabs allowed), or nil.
    public func intHeader(_ name: String) -> Int? {
        // Read for every response (rate-limit headers): `trimmingCharacters(in:)` went through
        // `CharacterSet` and cost more than the rest of the response's handling in the REST layer.
        guard let value = header(name) else { return nil }
        let utf8 = value.utf8
        func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }), let last = utf8.lastIndex(where: { !isSpace($0) })
        else { return nil }
        return Int(value[first...last])
    }
}
