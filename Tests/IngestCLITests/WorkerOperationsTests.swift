import AsyncHTTPClient
import FakeIntercom
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// A long-running worker as operators run it: Prometheus metrics while it works, a clean stop on SIGTERM.
@Suite("Worker operations: metrics and graceful stop")
struct WorkerOperationsTests {
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func metrics(port: Int) async -> String? {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics")
        request.method = .GET
        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(2)),
            let body = try? await response.body.collect(upTo: 1 << 20)
        else { return nil }
        return String(buffer: body)
    }

    @Test func metricsAreServedWhileTheWorkerRunsAndSIGTERMStopsIt() async throws {
        let token = "tok_\(UUID().uuidString)"
        let spec = WorkspaceSpec(seed: 8, conversationCount: 40)
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: [token: spec])) { server in
            let cli = try CLIRunner(extraEnvironment: ["INTERCOM_BASE_URL": server.baseURL.absoluteString])
            defer { cli.remove() }
            _ = try await cli.storeTokenAndBackfill(token)
            let port = Self.freePort()
            // The shutdown bound is far beyond the test's patience: a stop that hung would fail the test.
            let worker = try cli.start(["worker", "--metrics-port", "\(port)", "--shutdown-timeout", "3600"])
            var text = ""
            let deadline = ContinuousClock.now + .seconds(600)
            while ContinuousClock.now < deadline {
                if let body = await Self.metrics(port: port),
                    body.contains(#"ingest_jobs_total{outcome="succeeded"} 1"#)
                {
                    text = body
                    break
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(text.contains(#"ingest_items_total{result="stored"} 40"#), "\(text)")
            #expect(text.contains(#"ingest_api_requests_total{endpoint="GET /conversations/{id}",status="200"} 40"#))
            #expect(text.contains("ingest_queue_receive_duration_seconds"))
            #expect(!text.contains(token))

            worker.signal(SIGTERM)
            let result = try await worker.finish(timeout: .seconds(600))
            // It stopped of its own accord (an idle worker has nothing to finish), not at a bound.
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("worker stopped"))
        }
    }
}
