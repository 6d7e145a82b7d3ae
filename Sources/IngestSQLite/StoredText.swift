import Foundation
import GRDB

/// Artifact content (the transcript, the largest text an artifact has) as the embedded store keeps
/// it: compressed like raw payloads (see ``PayloadCompression``) with its UTF-8 size, or as it is when
/// compressing would not make it smaller. The search index reads it through the `artifacts_text`
/// view, which inflates it with ``function`` (registered on every connection the store opens).
enum StoredText {
    /// How the `content` column holds `text`: the value, its encoding and its UTF-8 size.
    struct Column {
        var value: any DatabaseValueConvertible & Sendable
        var encoding: String?
        var size: Int?
    }

    static func column(for text: String, compressor: ValueCompressor) throws -> Column {
        var contiguous = text
        let compressed: Data? = try contiguous.withUTF8 { bytes in
            // Short text does not shrink: a compressed value's header and checksum alone are 6–9 bytes.
            guard bytes.count >= 128 else { return nil }
            let compressed = try compressor.compress(UnsafeRawBufferPointer(bytes))
            return compressed.count < bytes.count ? compressed : nil
        }
        guard let compressed else { return Column(value: text, encoding: nil, size: nil) }
        return Column(value: compressed, encoding: compressor.encoding, size: text.utf8.count)
    }

    /// The text of a stored `content` value.
    static func text(stored: DatabaseValue, encoding: String?, size: Int?) throws -> String {
        switch encoding {
        case nil:
            guard let text = String.fromDatabaseValue(stored) else {
                throw DamagedText(reason: "is neither text nor compressed")
            }
            return text
        case let encoding?:
            guard let data = Data.fromDatabaseValue(stored) else {
                throw DamagedText(reason: "is marked compressed but holds no bytes")
            }
            let bytes: Data
            do {
                bytes = try PayloadCompression.decompress(data, encoding: encoding, size: size ?? 0)
            } catch let damaged as DamagedPayload {
                throw DamagedText(reason: damaged.reason, damaged: damaged.damaged)
            }
            return String(decoding: bytes, as: UTF8.self)
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
    /// False when the file is intact and only this system cannot read it.
    var damaged = true
    var description: String {
        damaged
            ? "a stored artifact's content \(reason): the database file is damaged"
            : "a stored artifact's content \(reason): install it to read this database"
    }
}
