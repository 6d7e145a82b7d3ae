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

    /// The content hash is SHA-256 of these bytes: they must never change, or every stored artifact
    /// would look changed to the next backfill.
    @Test func canonicalJSONEscapesExactlyAsBefore() {
        let value: JSONValue = [
            "text": "line\u{2028}para\u{2029}end … é € 😀 \u{1F}\u{7F}\r\t/",
            "n": [0, -3, 2.5, 1e21, 12_345_678_901],
        ]
        let expected =
            #"{"n":[0,-3,2.5,1e+21,12345678901],"text":"line\u2028para\u2029end … é € 😀 \u001f\#u{7F}\r\t/"}"#
        #expect(value.canonicalString == expected)
        #expect(value.canonicalData == Data(expected.utf8))
    }

    @Test func secretsNeverPrint() {
        let secret = Secret("tok_live_123")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
    }
}
