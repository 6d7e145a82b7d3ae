import Foundation
import IngestCore
import IngestSQLite
import IntercomConnector
import Testing

/// Bodies with script tags, megabyte-long text, control characters and odd unicode are stored,
/// searched and exported safely.
@Suite("Hostile conversation content")
struct HostileInputTests {
    static func conversation(id: String, body: String) -> Data {
        let object: [String: Any] = [
            "type": "conversation", "id": id, "created_at": 1_700_000_000, "updated_at": 1_700_000_100,
            "title": "<img src=x onerror=alert(1)> Title ``` # not a heading",
            "source": [
                "type": "conversation", "body": body, "subject": "",
                "author": ["type": "user", "id": "u1", "name": "Robert'); DROP TABLE artifacts;--"],
            ],
            "conversation_parts": [
                "conversation_parts": [
                    [
                        "id": "1", "part_type": "comment", "body": body, "created_at": 1_700_000_050,
                        "author": ["type": "admin", "id": "a1", "name": "Zalgo Z̷̢͉a̵l̴g̶o"],
                    ]
                ]
            ],
        ]
        return try! JSONSerialization.data(withJSONObject: object)
    }

    @Test func storedSearchedAndExportedSafely() async throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let database = try SQLiteDatabase(path: cli.databasePath)
        let store = SQLiteArtifactStore(database: database)
        let tenant = try TenantID("acme")
        let bodies = [
            "<script>alert('pwned')</script><p>scriptmarker visible text</p><style>p{}</style>",
            "<p>" + String(repeating: "megabyte lorem ipsum ", count: 60_000) + "needleattheend</p>",
            "<p>control\u{0}\u{1}\u{7}\u{1B}[31mchars\u{7F} and bidi \u{202E}evil\u{202C} zero\u{200B}width</p>",
            "<p>emoji 👩🏽‍💻🏳️‍🌈 combining é e\u{301} CJK 検索 RTL مرحبا ```fence``` # heading | pipe</p>",
        ]
        var artifacts: [Artifact] = []
        for (index, body) in bodies.enumerated() {
            let raw = Self.conversation(id: "\(900 + index)", body: body)
            let conversation = try JSONDecoder().decode(IntercomConversation.self, from: raw)
            artifacts.append(conversation.artifact(tenantID: tenant, rawPayload: raw, inboxBaseURL: nil))
        }
        #expect(try await store.storeArtifactsBatch(artifacts).inserted == 4)
        try await SQLiteSearchIndex(database: database).triggerIndexing(tenantID: tenant, source: .intercom)

        let stored = try #require(try await store.artifact(artifacts[0].key))
        #expect(!stored.content.contains("<script") && !stored.content.contains("pwned"))
        #expect(stored.content.contains("scriptmarker visible text"))
        let control = try #require(try await store.artifact(artifacts[2].key))
        #expect(!control.content.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(try await store.artifact(artifacts[1].key)?.content.count ?? 0 > 2_000_000)

        for (query, id) in [("scriptmarker", "900"), ("needleattheend", "901"), ("bidi", "902"), ("検索", "903")] {
            let search = try await cli.run(["search", "--tenant-id", "acme", "--json", query])
            #expect(search.status == 0, "\(search.stderr)")
            let hits = CLISearchOutput.hits(search.stdout)
            #expect(hits?.first?["external_id"] as? String == id, "\(query)")
        }

        let export = try await cli.run(["export", "--tenant-id", "acme", "--connector", "intercom", "-o", "out.md"])
        #expect(export.status == 0, "\(export.stderr)")
        let markdown = try String(contentsOf: cli.directory.appendingPathComponent("out.md"), encoding: .utf8)
        #expect(!markdown.contains("<script") && !markdown.contains("<img"))
        // The title's HTML became text, and Markdown syntax in it is escaped.
        #expect(markdown.contains("## \\[image\\] Title \\`\\`\\` \\# not a heading"), "\(markdown.prefix(400))")
        // Titles cannot open a fence or a heading; transcripts sit in fences longer than any run inside.
        #expect(markdown.components(separatedBy: "\n## ").count - 1 == 4)
        #expect(markdown.contains("````text"))
    }
}
