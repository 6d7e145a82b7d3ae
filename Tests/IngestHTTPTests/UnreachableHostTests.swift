import AsyncHTTPClient
import Foundation
import IngestCore
import IngestHTTP
import IngestTestSupport
import Logging
import NIOCore
import Synchronization
import Testing

/// A host that refuses connections: the REST layer says so at once and at a bounded rate, gives up
/// after a bounded time with the host and the reason, and a graceful shutdown ends its waits.
@Suite("REST client: unreachable hosts and shutdown", .timeLimit(.minutes(10)))
struct UnreachableHostTests {
    /// Nothing listens on the discard port of the loopback address: connecting is refused.
    static let refusingURL = "http://127.0.0.1:9/conversations/1"
    static let token = "tok-unreachable-secret"

    /// The connector client's settings: a failed connection fails its request at once.
    static let httpClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    @Test func refusedConnectionsWarnAtTheFirstRetryThenAtABoundedRateAndFailWithTheHostAndReason() async throws {
        let clock = TestClock(1_800_000_000)
        let log = CapturedLog(clock: { clock.now })
        let slept = Mutex<[Duration]>([])
        let client = RESTClient(
            httpClient: Self.httpClient,
            retryPolicy: RetryPolicy(
                maxAttempts: 100,
                baseDelay: .seconds(1),
                maxDelay: .seconds(8),
                maxRetryDuration: .seconds(60),
                warningInterval: .seconds(15)
            ),
            logger: log.logger,
            sleep: { delay in
                // Time passes only here: the test never waits for it.
                slept.withLock { $0.append(delay) }
                clock.advance(delay.seconds)
            },
            clock: { clock.now }
        )
        let error = try await #require(throws: APIError.self) {
            try await client.send(
                url: Self.refusingURL,
                headers: [("Authorization", "Bearer \(Self.token)")],
                endpoint: "GET /conversations/{id}",
                budget: nil
            ) { _ in () }
        }
        #expect(error.status == nil)
        #expect(error.code == "connection_failed")
        #expect("\(error)".contains("cannot reach 127.0.0.1:9: connection refused"), "\(error)")
        #expect("\(error)".contains("retried for"))

        // Retried until the next attempt would have started past 60 s, not for ever.
        let waited = slept.withLock { $0 }.reduce(Duration.zero, +)
        #expect(waited <= .seconds(60))
        #expect(slept.withLock { $0.count } >= 5)

        let warnings = log.entries.filter { $0.level == .warning }
        try #require(!warnings.isEmpty, "no warning about the unreachable host")
        // The first warning came with the first retry …
        #expect(warnings[0].metadata["http.attempt"] == "1")
        #expect(warnings[0].metadata["http.host"] == "127.0.0.1:9")
        #expect(warnings[0].metadata["error"] == "connection refused")
        #expect(warnings[0].metadata["retry.at"]?.hasPrefix("2027-01-15T") == true, "\(warnings[0].metadata)")
        // … and later ones at most every 15 s of the clock.
        let times = warnings.map(\.time)
        for (earlier, later) in zip(times, times.dropFirst()) { #expect(later - earlier >= 15) }
        #expect(warnings.count <= 60 / 15 + 1)
        #expect(warnings.count >= 2)
        #expect(!log.entries.contains { $0.text.contains(Self.token) })
    }

    @Test func aGracefulShutdownEndsARetryBackoffAtOnce() async throws {
        let log = CapturedLog()
        let client = RESTClient(
            httpClient: Self.httpClient,
            // After the first refusal it would wait at least six minutes.
            retryPolicy: RetryPolicy(
                maxAttempts: 3,
                baseDelay: .seconds(3_600),
                maxDelay: .seconds(3_600),
                maxRetryDuration: .seconds(7_200)
            ),
            logger: log.logger
        )
        let signal = ShutdownSignal()
        let request = Task {
            try await ShutdownSignal.$current.withValue(signal) {
                try await client.send(url: Self.refusingURL, headers: [], endpoint: "GET /me", budget: nil) { _ in () }
            }
        }
        // Once the first attempt was refused, the request is in its backoff.
        while !log.entries.contains(where: { $0.message.hasPrefix("http request will be retried") }) {
            try await Task.sleep(for: .milliseconds(10))
        }
        signal.trigger()
        let outcome = try #require(await result(of: request, within: .seconds(120)), "the backoff went on")
        #expect(throws: CancellationError.self) { try outcome.get() }
    }

    @Test func aGracefulShutdownEndsABudgetWaitAtOnce() async throws {
        let clock = TestClock(1_800_000_000)
        let budget = RequestBudget(jitter: 0, clock: { clock.now })
        try await budget.acquire()
        // A 429 whose window resets in an hour: every caller waits for it.
        budget.complete(status: 429, limit: 10, remaining: 0, reset: clock.now + 3_600)
        let signal = ShutdownSignal()
        let waiting = Task { try await ShutdownSignal.$current.withValue(signal) { try await budget.acquire() } }
        while budget.secondsWaited == 0 { try await Task.sleep(for: .milliseconds(10)) }
        signal.trigger()
        let outcome = try #require(await result(of: waiting, within: .seconds(120)), "the budget wait went on")
        #expect(throws: CancellationError.self) { try outcome.get() }
        // A signal that has fired ends later waits before they begin.
        await #expect(throws: CancellationError.self) {
            try await ShutdownSignal.$current.withValue(signal) { try await budget.acquire() }
        }
    }

    @Test func withoutAShutdownASleepOnTheSignalRunsItsCourse() async throws {
        let signal = ShutdownSignal()
        try await ShutdownSignal.$current.withValue(signal) { try await ShutdownSignal.sleep(for: .milliseconds(1)) }
        #expect(!signal.isTriggered)
    }
}

/// A clock tests move by hand (seconds since 1970).
final class TestClock: Sendable {
    private let time: Mutex<Double>
    init(_ start: Double) { time = Mutex(start) }
    var now: Double { time.withLock { $0 } }
    func advance(_ seconds: Double) { time.withLock { $0 += seconds } }
}

/// Log lines captured in memory, with the clock's time they were logged at.
final class CapturedLog: Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
        var time: Double
        var text: String { message + " " + metadata.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
    }

    private let stored = Mutex<[Entry]>([])
    let clock: @Sendable () -> Double

    init(clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) { self.clock = clock }

    var entries: [Entry] { stored.withLock { $0 } }

    func append(_ entry: Entry) { stored.withLock { $0.append(entry) } }

    var logger: Logger {
        var logger = Logger(label: "test.captured") { _ in Handler(log: self) }
        logger.logLevel = .debug
        return logger
    }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var merged = metadata
            merged.merge(event.metadata ?? [:]) { _, new in new }
            log.append(
                Entry(
                    level: event.level,
                    message: "\(event.message)",
                    metadata: merged.mapValues { "\($0)" },
                    time: log.clock()
                )
            )
        }
    }
}
