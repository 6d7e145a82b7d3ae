import FakeAPIKit
import FakeIntercom
import Foundation
import GRDB
import IngestCore
import Testing

@testable import IngestSQLite

/// The embedded store compresses raw payloads and content with zstd (the system's libzstd) and reads
/// back zlib rows written before: every value round-trips byte-exact whichever encoding wrote it, a
/// database holding both is searched and read as one, and a value that does not decompress to its
/// recorded size is reported as damage.
@Suite("SQLite storage compression: zstd, and zlib rows read back")
struct PayloadCompressionTests {
    /// Real-world conversations as the fake Intercom serves them (mostly non-ASCII, heavy HTML), plus
    /// the edge cases: empty, one byte, incompressible bytes, and a long repetitive value.
    static func values() -> [Data] {
        let workspace = Workspace(
            spec: WorkspaceSpec(seed: 77, conversationCount: 40, meanParts: 14, text: .realWorld)
        )
        var values = (0..<workspace.count).map { index in
            Data(JSONValue.object(workspace.conversation(at: index).retrieveJSON()).serialized())
        }
        var random = SplitMix64(seed: 9)
        values.append(Data())
        values.append(Data([0x7B]))
        values.append(Data((0..<70_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }))
        values.append(Data(String(repeating: "注文番号 A-1001 👩🏽‍💻 مرحبا\u{200F} ", count: 5_000).utf8))
        return values
    }

    /// CI runs on Debian, where libzstd is part of the base system: the zstd path is the one in use,
    /// not silently replaced by zlib.
    @Test func zstdIsLoadedAndPreferredOnLinux() throws {
        #if os(Linux)
        let library = try #require(Zstd.shared)
        #expect(library.version >= 10_000)
        #expect(PayloadCompression.preferredEncoding == PayloadCompression.zstd)
        #endif
    }

    @Test(arguments: [PayloadCompression.zstd, PayloadCompression.zlib])
    func valuesRoundTripByteExact(encoding: String) throws {
        let compressor = try ValueCompressor(encoding: encoding)
        var compressedTotal = 0
        var originalTotal = 0
        for value in Self.values() {
            let compressed = try compressor.compress(value)
            let back = try PayloadCompression.payload(stored: compressed, encoding: encoding, size: value.count)
            #expect(back == value)
            if value.count > 1_000 && value.count < 60_000 {
                compressedTotal += compressed.count
                originalTotal += value.count
            }
        }
        // JSON with HTML shrinks to well under a third, whichever codec.
        #expect(compressedTotal * 3 < originalTotal)
    }

    /// One batch's compressor is used for every value of the batch: reusing zstd's context must not
    /// carry anything from one value into the next.
    @Test func aReusedContextCompressesEachValueOnItsOwn() throws {
        let values = Self.values()
        let shared = try ValueCompressor()
        for value in values {
            let alone = try ValueCompressor().compress(value)
            #expect(try shared.compress(value) == alone)
        }
    }

    @Test func aDatabaseHoldingZlibAndZstdRowsReadsAndSearchesBoth() async throws {
        let test = try TestDatabase()
        let store = SQLiteArtifactStore(database: test.database)
        let index = SQLiteSearchIndex(database: test.database)
        let acme = try TenantID("acme")
        let payloads = Array(Self.values().prefix(4))
        let contents = [
            String(repeating: "Привет, заказ #123456 ещё не пришёл — ошибка 502 支付失败 walrus0\n", count: 40),
            String(repeating: "注文番号 A-1001 の商品がまだ届いていません 👩🏽‍💻 walrus1 ", count: 40),
        ]
        // Row 0 as a version that compressed with zlib wrote it; row 1 as this one writes it.
        var old = try makeArtifact(id: "c0", title: "old row", content: contents[0])
        old.rawPayload = payloads[0]
        var new = try makeArtifact(id: "c1", title: "new row", content: contents[1])
        new.rawPayload = payloads[1]
        _ = try await store.storePage(PageWrite(artifacts: [old, new]))
        let zlib = try ValueCompressor(encoding: PayloadCompression.zlib)
        let content = try StoredText.column(for: contents[0], compressor: zlib)
        let payload = try zlib.compress(payloads[0])
        try await test.database.pool.write { db in
            try db.execute(
                sql: """
                    UPDATE artifacts SET raw_payload = ?, raw_payload_encoding = 'zlib', content = ?, content_encoding = ?
                    WHERE external_id = 'c0'
                    """,
                arguments: [payload, content.value, content.encoding]
            )
        }
        let encodings = try test.database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT raw_payload_encoding, content_encoding FROM artifacts ORDER BY id")
        }
        #expect(
            encodings.map { $0["raw_payload_encoding"] as String } == ["zlib", PayloadCompression.preferredEncoding]
        )
        #expect(encodings.map { $0["content_encoding"] as String } == ["zlib", PayloadCompression.preferredEncoding])

        for (position, artifact) in [old, new].enumerated() {
            let read = try #require(try await store.artifact(artifact.key))
            #expect(read.rawPayload == payloads[position])
            #expect(read.content == contents[position])
            let hits = try await index.search(tenantID: acme, query: "walrus\(position)", limit: 5)
            #expect(hits.map(\.externalID) == [artifact.externalID])
            #expect(hits.first?.snippet.contains("[walrus\(position)]") == true)
        }
        // The old row changes like any other: rewritten in the current encoding, its old text unindexed.
        let changed = try makeArtifact(
            id: "c0",
            title: "old row",
            content: "replaced entirely, narwhal",
            updatedAt: 5_000
        )
        #expect(try await store.storePage(PageWrite(artifacts: [changed])).updated == 1)
        #expect(try await index.search(tenantID: acme, query: "walrus0", limit: 5).isEmpty)
        #expect(try await index.search(tenantID: acme, query: "narwhal", limit: 5).map(\.externalID) == ["c0"])
        try await test.database.pool.write { db in
            try db.execute(sql: "INSERT INTO artifacts_fts (artifacts_fts, rank) VALUES ('integrity-check', 1)")
        }
    }

    /// A zstd value cut short, or whose recorded size disagrees with what it holds, is damage.
    @Test func aDamagedZstdValueIsReportedNotReturned() async throws {
        let test = try TestDatabase()
        let store = SQLiteArtifactStore(database: test.database)
        var artifact = try makeArtifact(id: "1", content: String(repeating: "Привет мир ", count: 50))
        artifact.rawPayload = Self.values()[0]
        _ = try await store.storePage(PageWrite(artifacts: [artifact]))
        #expect(try await store.artifact(artifact.key)?.rawPayload == artifact.rawPayload)

        try await test.database.pool.write { db in
            try db.execute(sql: "UPDATE artifacts SET raw_payload_size = raw_payload_size + 1")
        }
        await #expect(throws: DamagedPayload.self) { try await store.artifact(artifact.key) }
        try await test.database.pool.write { db in
            try db.execute(
                sql:
                    "UPDATE artifacts SET raw_payload_size = raw_payload_size - 1, raw_payload = substr(raw_payload, 1, 40)"
            )
        }
        await #expect(throws: DamagedPayload.self) { try await store.artifact(artifact.key) }
        try await test.database.pool.write { db in
            try db.execute(sql: "UPDATE artifacts SET raw_payload = x'28b52ffd00'")
        }
        await #expect(throws: DamagedPayload.self) { try await store.artifact(artifact.key) }
    }

    @Test func anUnknownEncodingIsNamedInTheError() throws {
        #expect {
            try PayloadCompression.payload(stored: Data([1, 2, 3]), encoding: "brotli", size: 3)
        } throws: { error in
            String(describing: error).contains("unknown encoding brotli")
        }
    }
}
