import AsyncHTTPClient
import NIOCore
import NIOPosix
import Testing

@testable import IngestCLI

/// The pieces that put `ingest`'s tasks on NIO's event loops: one loop per allowed core, and the
/// connector HTTP client's requests spread over the loops.
@Suite("Event loops as the executor")
struct EventLoopExecutorTests {
    @Test(arguments: [
        ("Name:\tingest\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\n", 2),
        ("Cpus_allowed:\t2\nCpus_allowed_list:\t1\n", 1),
        ("Cpus_allowed:\tffffffff,00000001\n", 33),
        ("Cpus_allowed:\t00000000,000000f0", 4),
    ])
    func theAllowedCoresAreTheBitsOfTheAffinityMask(status: String, cores: Int) {
        #expect(EventLoopExecutor.allowedCores(status: status) == cores)
    }

    @Test(arguments: ["Name:\tingest\nCpus_allowed_list:\t0-1\n", "Cpus_allowed:\t0\n", ""])
    func noMaskOrAnEmptyOneSaysNothing(status: String) {
        #expect(EventLoopExecutor.allowedCores(status: status) == nil)
    }

    @Test func requestsTakeTheLoopsInTurn() async throws {
        let loops = MultiThreadedEventLoopGroup(numberOfThreads: 3)
        let group = SpreadingEventLoopGroup(loops)
        // From a loop's own thread NIO's `any()` stays on that loop; the spreading group does not.
        let picked = try await loops.next().submit { (0..<6).map { _ in ObjectIdentifier(group.any()) } }.get()
        let all = loops.makeIterator().map { ObjectIdentifier($0) }
        #expect(Set(picked) == Set(all))
        #expect(Array(picked[0..<3]) == Array(picked[3..<6]))
        #expect(Set(picked[0..<3]).count == 3)
        try await loops.shutdownGracefully()
    }

    @Test func theConnectorClientSpreadsItsRequestsOverHTTP1Connections() {
        // Over HTTP/2 one connection, and so one loop, would carry every request to a host.
        #expect(Registry.connectorHTTPClient.eventLoopGroup is SpreadingEventLoopGroup)
        #expect(Registry.connectorHTTPConfiguration.httpVersion == .http1Only)
    }
}
