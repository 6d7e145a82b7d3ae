import Foundation
import IngestCore
import Testing

@Suite("Artifacts and content hashing")
struct ArtifactTests {
    static func artifact(updatedAt: TimeInterval = 2_000, content: String = "hello") throws -> Artifact {
        Artifact(
            tenantID: try TenantID("acme"),
            source: .intercom,
            kind: "conversation",
            externalID: "1",
            title: "Title",
            url: "https://example.com/1",
            createdAt: Date(timeIntervalSince1970: 1_000),
            updatedAt: Date(timeIntervalSince1970: updatedAt),
            authors: [ArtifactAuthor(id: "1", name: "Ann", email: "ann@example.com", role: "user")],
            tags: ["billing"],
            state: "open",
            content: content,
            metadata: ["part_count": 3],
            rawPayload: Data("{\"updated_at\":\(Int(updatedAt))}".utf8)
        )
    }

    @Test func hashIgnoresUpdatedAtAndRawPayload() throws {
        let first = try Self.artifact(updatedAt: 2_000)
        let later = try Self.artifact(updatedAt: 3_000)
        #expect(first.contentHash == later.contentHash)
        #expect(first.contentHash.count == 64)
    }

    @Test func hashChangesWithVisibleContent() throws {
        var changed = try Self.artifact()
        changed.content = "hello again"
        changed.refreshContentHash()
        #expect(try Self.artifact().contentHash != changed.contentHash)
        var retagged = try Self.artifact()
        retagged.tags = ["refund"]
        retagged.refreshContentHash()
        #expect(try Self.artifact().contentHash != retagged.contentHash)
    }

    @Test func canonicalJSONIsStable() {
        let value: JSONValue = ["b": 1, "a": ["x", nil, true, 1.5], "c": "quote\" and \\ and \n and \u{01}"]
        #expect(value.canonicalString == #"{"a":["x",null,true,1.5],"b":1,"c":"quote\" and \\ and \n and \u0001"}"#)
    }

    @Test func secretsNeverPrint() {
        let secret = Secret("tok_live_123")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
    }
}
