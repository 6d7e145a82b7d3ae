import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import FakeIntercom

/// A prerendered fake serves the very bytes a fake rendering per request does, and stops serving a
/// conversation's prerendered body once it changes.
@Suite("FakeIntercom prerendered bodies")
struct FakeIntercomPrerenderTests {
    static func raw(_ url: String) async throws -> (status: Int, body: [UInt8]) {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Authorization", value: "Bearer t")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let data = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), Array(data.readableBytesView))
    }

    @Test(arguments: [WorkspaceSpec.TextMix.mostlyEnglish, .realWorld])
    func prerenderedAnswersAreTheBytesRenderedPerRequest(text: WorkspaceSpec.TextMix) async throws {
        // 150 conversations: chunks of three, the last one short.
        let spec = WorkspaceSpec(seed: 31, conversationCount: 150, meanParts: 14, text: text)
        let ids = (0..<150).map { String(spec.firstConversationID + $0) }
        let deleted: Set<String> = [ids[3]]
        let plain = FakeIntercomConfiguration(workspaces: ["t": spec], deletedIDs: deleted)
        var prerendered = plain
        prerendered.prerendersConversations = true
        try await FakeIntercomServer.withRunning(plain) { perRequest in
            try await FakeIntercomServer.withRunning(prerendered) { rendered in
                #expect(perRequest.tenants["t"]?.renderedBodies.isEmpty == true)
                #expect(rendered.tenants["t"]?.renderedBodies.count == 150)
                func both(_ path: String) async throws -> (Int, [UInt8]) {
                    let a = try await Self.raw("\(perRequest.baseURL)\(path)")
                    let b = try await Self.raw("\(rendered.baseURL)\(path)")
                    #expect(a.status == b.status, "\(path)")
                    // A 404's body carries a fresh request id.
                    if a.status == 200 { #expect(a.body == b.body, "\(path): the bodies differ") }
                    return (b.status, b.body)
                }
                var before: [String: [UInt8]] = [:]
                for id in ids {
                    let (status, body) = try await both("/conversations/\(id)")
                    #expect(status == (deleted.contains(id) ? 404 : 200))
                    before[id] = body
                    _ = try await both("/conversations/\(id)?display_as=plaintext")
                }
                // A touched conversation is rendered anew (a part added), by both.
                for server in [perRequest, rendered] {
                    #expect(server.touch(token: "t", ids: [ids[0], ids[7]], at: 1_800_000_000).count == 2)
                    #expect(server.delete(token: "t", ids: [ids[9]], at: 1_800_000_000) == [ids[9]])
                    #expect(server.create(token: "t", count: 1, at: 1_800_000_100).count == 1)
                }
                for id in [ids[0], ids[7]] {
                    let (status, body) = try await both("/conversations/\(id)")
                    #expect(status == 200 && body != before[id])
                }
                #expect(try await both("/conversations/\(ids[9])").0 == 404)
                #expect(try await both("/conversations/\(spec.firstConversationID + 150)").0 == 200)
                #expect(try await both("/conversations/\(ids[1])").1 == before[ids[1]])
            }
        }
    }
}
