import AsyncHTTPClient
import FakeIntercom
import Foundation
import IngestCore
import NIOCore
import NIOHTTP1
import Testing

/// Deterministic fault injection and the counters that show how a client behaved after a 429.
@Suite("FakeIntercom fault injection")
struct FakeIntercomFaultTests {
    static let token = "t"

    static func configuration(
        rateLimitPerWindow: Int? = nil,
        faults: FaultInjection
    ) -> FakeIntercomConfiguration {
        FakeIntercomConfiguration(
            workspaces: [token: WorkspaceSpec(conversationCount: 10)],
            rateLimitPerWindow: rateLimitPerWindow,
            faults: faults
        )
    }

    static func request(_ url: String, token: String? = token) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.headers.add(name: "Accept", value: "application/json")
        return request
    }

    /// The status of one request (whole body read), or nil when it failed without a response.
    static func status(_ url: String, token: String? = token) async -> Int? {
        do {
            let response = try await HTTPClient.shared.execute(request(url, token: token), timeout: .seconds(60))
            _ = try await response.body.collect(upTo: 16 << 20)
            return Int(response.status.code)
        } catch {
            return nil
        }
    }

    static func statuses(count: Int, faults: FaultInjection) async throws -> [Int?] {
        try await FakeIntercomServer.withRunning(configuration(faults: faults)) { server in
            var statuses: [Int?] = []
            for _ in 0..<count {
                statuses.append(await status("\(server.baseURL)/me"))
            }
            return statuses
        }
    }

    // 600 requests one after another: seconds alone, but a minute is too tight while the whole suite
    // runs in parallel on two cores.
    @Test(.timeLimit(.minutes(10)))
    func serverErrorRateIsRespectedAndDeterministic() async throws {
        let faults = FaultInjection(seed: 42, serverErrorRate: 0.3)
        let first = try await Self.statuses(count: 200, faults: faults)
        let errors = first.filter { ($0 ?? 0) >= 500 }.count
        #expect((40...80).contains(errors), "\(errors) of 200 were 5xx")
        #expect(first.allSatisfy { $0 == 200 || $0 == 500 || $0 == 502 || $0 == 503 })
        #expect(Set(first.compactMap { $0 }.filter { $0 >= 500 }) == [500, 502, 503])

        let second = try await Self.statuses(count: 200, faults: faults)
        #expect(second == first)
        let otherSeed = try await Self.statuses(count: 200, faults: FaultInjection(seed: 43, serverErrorRate: 0.3))
        #expect(otherSeed != first)
    }

    @Test(.timeLimit(.minutes(10)))
    func serverErrorsHaveIntercomOrGatewayBodies() async throws {
        try await FakeIntercomServer.withRunning(Self.configuration(faults: FaultInjection(serverErrorRate: 1))) {
            server in
            var seen: Set<Int> = []
            for _ in 0..<60 where seen.count < 3 {
                let response = try await HTTPClient.shared.execute(
                    Self.request("\(server.baseURL)/conversations"),
                    timeout: .seconds(60)
                )
                let body = Data((try await response.body.collect(upTo: 1 << 20)).readableBytesView)
                let status = Int(response.status.code)
                seen.insert(status)
                let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any]
                let code = (json?["errors"] as? [[String: Any]])?.first?["code"] as? String
                switch status {
                case 500:
                    #expect(json?["type"] as? String == "error.list")
                    #expect(code == "server_error")
                    #expect(response.headers.first(name: "X-RateLimit-Limit") != nil)
                case 503:
                    #expect(json?["type"] as? String == "error.list")
                    #expect(code == "service_unavailable")
                case 502:
                    #expect(json == nil)
                    #expect(String(decoding: body, as: UTF8.self).contains("502 Bad Gateway"))
                    #expect(response.headers.first(name: "Content-Type")?.hasPrefix("text/html") == true)
                default:
                    Issue.record("unexpected status \(status)")
                }
            }
            #expect(seen == [500, 502, 503])
            let stats = server.stats
            #expect(stats.injectedFaults.values.reduce(0, +) == stats.total)
        }
    }

    @Test(.timeLimit(.minutes(10)))
    func faultsSkipUnauthenticatedRequests() async throws {
        try await FakeIntercomServer.withRunning(
            Self.configuration(faults: FaultInjection(serverErrorRate: 1, storm429: 2))
        ) { server in
            for _ in 0..<5 {
                #expect(await Self.status("\(server.baseURL)/me", token: "wrong") == 401)
            }
            #expect(server.stats.injectedFaults.isEmpty)
        }
    }

    @Test(.timeLimit(.minutes(10)))
    func droppedConnectionsSurfaceAsClientErrors() async throws {
        try await FakeIntercomServer.withRunning(Self.configuration(faults: FaultInjection(dropConnectionRate: 1))) {
            server in
            for _ in 0..<3 {
                await #expect(throws: (any Error).self) {
                    let response = try await HTTPClient.shared.execute(
                        Self.request("\(server.baseURL)/conversations"),
                        timeout: .seconds(60)
                    )
                    _ = try await response.body.collect(upTo: 1 << 20)
                }
            }
            let stats = server.stats
            #expect((stats.injectedFaults["drop"] ?? 0) >= 3)
            #expect(stats.byStatus.isEmpty)
        }
    }

    @Test(.timeLimit(.minutes(10)))
    func truncatedBodiesAreShortOfTheirLengthAndNotJSON() async throws {
        try await FakeIntercomServer.withRunning(Self.configuration(faults: FaultInjection(truncatedBodyRate: 1))) {
            server in
            let response = try await HTTPClient.shared.execute(
                Self.request("\(server.baseURL)/conversations?per_page=5"),
                timeout: .seconds(60)
            )
            #expect(response.status == .ok)
            let declared = try #require(response.headers.first(name: "Content-Length").flatMap { Int($0) })
            var received = Data()
            var failed = false
            do {
                for try await chunk in response.body { received.append(contentsOf: chunk.readableBytesView) }
            } catch {
                failed = true
            }
            #expect(failed, "the connection must close before the declared length")
            #expect(received.count < declared)
            #expect(received.count == declared / 2)
            #expect((try? JSONSerialization.jsonObject(with: received)) == nil)
            #expect(server.stats.injectedFaults["truncated"] == 1)
        }
    }

    @Test(.timeLimit(.minutes(10)))
    func storm429AnswersTheFirstRequestsWith429() async throws {
        try await FakeIntercomServer.withRunning(Self.configuration(faults: FaultInjection(storm429: 5))) { server in
            var statuses: [Int] = []
            for _ in 0..<8 {
                let response = try await HTTPClient.shared.execute(
                    Self.request("\(server.baseURL)/me"),
                    timeout: .seconds(60)
                )
                let body = Data((try await response.body.collect(upTo: 1 << 20)).readableBytesView)
                statuses.append(Int(response.status.code))
                if response.status == .tooManyRequests {
                    let json = try JSONSerialization.jsonObject(with: body) as? [String: Any]
                    #expect(
                        ((json?["errors"] as? [[String: Any]])?.first?["code"] as? String) == "rate_limit_exceeded"
                    )
                    #expect(response.headers.first(name: "X-RateLimit-Remaining") == "0")
                    #expect(response.headers.first(name: "X-RateLimit-Reset") != nil)
                }
            }
            #expect(statuses == [429, 429, 429, 429, 429, 200, 200, 200])
            #expect(server.stats.injectedFaults == ["storm429": 5])
            #expect(server.stats.rateLimited == 5)
        }
    }

    @Test func requestsIntoRefusedWindowCountsRequestsAfterA429() async throws {
        // A clock that stands still: every request below falls into one window, however slow the machine.
        try await FakeIntercomServer.withRunning(
            FakeIntercomConfiguration(
                workspaces: ["a": WorkspaceSpec(conversationCount: 5), "b": WorkspaceSpec(conversationCount: 5)],
                rateLimitPerWindow: 2,
                clock: { 1_700_000_001 }
            )
        ) { server in

            var statuses: [Int] = []
            var resets: Set<String> = []
            for _ in 0..<6 {
                let response = try await HTTPClient.shared.execute(
                    Self.request("\(server.baseURL)/me", token: "a"),
                    timeout: .seconds(60)
                )
                _ = try await response.body.collect(upTo: 1 << 20)
                statuses.append(Int(response.status.code))
                resets.formUnion(response.headers["X-RateLimit-Reset"])
            }
            // Another token's window is its own: not refused.
            #expect(await Self.status("\(server.baseURL)/me", token: "b") == 200)
            #expect(resets == ["1700000010"])
            #expect(statuses == [200, 200, 429, 429, 429, 429])
            // The first 429 refused the window; the three requests after it arrived into a refused window.
            #expect(server.stats.requestsIntoRefusedWindow == 3)
            #expect(server.stats.rateLimited == 4)
        }
    }
}
