import CompressNIO
import Foundation
import GRDB
import NIOCore

/// Artifact content (the transcript, the largest text an artifact has) as the embedded store keeps
/// it: zlib-compressed at the fastest level with its UTF-8 size, or as it is when compressing would
/// not make it smaller. The search index reads it through the `artifacts_text` view, which inflates
/// it with ``function`` (registered on every connection the store opens).
enum StoredText {
    /// The `content_encoding` of compressed content; NULL means stored as text.
    static let zlib = PayloadCompression.zlib

    /// How the `content` column holds `text`: the value, its encoding and its UTF-8 size.
    struct Column {
        var value: any DatabaseValueConvertible & Sendable
        var encoding: String?
        var size: Int?
    }

    static func column(for text: String) throws -> Column {
        let utf8 = text.utf8.count
        // Short text does not shrink: zlib's header and checksum alone are six bytes.
        guard utf8 >= 128 else { return Column(value: text, encoding: nil, size: nil) }
        var input = ByteBuffer(string: text)
        let compressed = try PayloadCompression.compress(&input)
        guard compressed.count < utf8 else { return Column(value: text, encoding: nil, size: nil) }
        return Column(value: compressed, encoding: zlib, size: utf8)
    }

    /// The text of a stored `content` value.
    static func text(stored: DatabaseValue, encoding: String?, size: Int?) throws -> String {
        switch encoding {
        case nil:
            guard let text = String.fromDatabaseValue(stored) else {
                throw DamagedText(reason: "is neither text nor compressed")
            }
            return text
        case zlib?:
            guard let data = Data.fromDatabaseValue(stored) else {
                throw DamagedText(reason: "is marked compressed but holds no bytes")
            }
            let bytes: Data
            do {
                bytes = try PayloadCompression.decompress(data, size: size ?? 0)
            } catch let damaged as DamagedPayload {
                throw DamagedText(reason: damaged.reason)
            }
            return String(decoding: bytes, as: UTF8.self)
        case let other?:
            throw DamagedText(reason: "has the unknown encoding \(other)")
        }
    }

    /// `ingest_text(content, content_encoding, content_size)`: the text of a stored `content` value,
    /// for SQL (the `artifacts_text` view the full-text index reads its snippets from).
    static let function = DatabaseFunction("ingest_text", argumentCount: 3, pure: true) { values in
        try text(
            stored: values[0],
            encoding: String.fromDatabaseValue(values[1]),
            size: Int.fromDatabaseValue(values[2])
        )
    }
}

/// Stored artifact content that cannot be read back.
struct DamagedText: Error, CustomStringConvertible {
    var reason: String
    var description: String { "a stored artifact's content \(reason): the database file is damaged" }
}
