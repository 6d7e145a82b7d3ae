import CompressNIO
import Foundation
import NIOCore

/// Raw payloads and content as the embedded store keeps them: compressed (JSON shrinks to a fifth or
/// so), with the original size, so reading them back allocates once and checks that nothing was lost.
/// New values are written with zstd where the system has it (see ``Zstd``) and with zlib otherwise;
/// each row names its encoding, so a database can hold both and every version's rows stay readable.
enum PayloadCompression {
    /// The encodings a row can name; NULL means stored as received.
    static let zlib = "zlib"
    static let zstd = "zstd"

    /// The encoding new values are written with.
    static var preferredEncoding: String { Zstd.shared == nil ? zlib : zstd }

    /// zlib at its fastest level (on JSON it keeps most of the default level's saving for half its
    /// CPU), with a 16 KB window and a 32 KB hash table instead of zlib's 32 KB and 64 KB: a compressor
    /// is made for each value, and setting up the default one (allocating and clearing 256 KB) cost
    /// more than compressing a 5 KB transcript. Values are mostly smaller than the window, so the
    /// output is the same size or within a few bytes; any zlib reader inflates it (the window is in
    /// the header).
    static let zlibConfiguration = ZlibConfiguration(
        windowSize: .window64k,
        compressionLevel: .fastestCompression,
        memoryLevel: .memory64K
    )

    static func decompress(_ stored: Data, encoding: String, size: Int) throws -> Data {
        switch encoding {
        case zlib:
            var input = ByteBuffer(bytes: stored)
            var output = ByteBufferAllocator().buffer(capacity: max(size, 1))
            do {
                try input.decompress(to: &output, with: .zlib)
            } catch {
                throw DamagedPayload(reason: "does not decompress (\(error))")
            }
            guard output.readableBytes == size else {
                throw DamagedPayload(reason: "decompressed to \(output.readableBytes) bytes instead of \(size)")
            }
            return Data(output.readableBytesView)
        case zstd:
            guard let library = Zstd.shared else {
                throw DamagedPayload(
                    reason: "is zstd-compressed, and this system has no zstd library (libzstd.so.1, "
                        + "Debian's and Ubuntu's package libzstd1)",
                    damaged: false
                )
            }
            do {
                return try stored.withUnsafeBytes { try library.decompress($0, size: size) }
            } catch let error as ZstdError {
                throw DamagedPayload(reason: "does not decompress (\(error.message))")
            }
        default:
            throw DamagedPayload(reason: "has the unknown encoding \(encoding)")
        }
    }

    /// The payload of a row: decompressed when it was stored compressed.
    static func payload(stored: Data, encoding: String?, size: Int?) throws -> Data {
        guard let encoding else { return stored }
        return try decompress(stored, encoding: encoding, size: size ?? 0)
    }
}

/// Compresses the values of one batch with one encoding (and, for zstd, one reused context). Not for
/// concurrent use.
final class ValueCompressor {
    /// The `raw_payload_encoding` / `content_encoding` of what ``compress(_:)`` returns.
    let encoding: String
    private let zstd: ZstdCompressor?

    /// A compressor for `encoding` (`zstd` or `zlib`); the preferred one by default.
    init(encoding: String = PayloadCompression.preferredEncoding) throws {
        switch encoding {
        case PayloadCompression.zstd:
            guard let library = Zstd.shared else {
                throw ZstdError(message: "no zstd library on this system (libzstd.so.1)")
            }
            zstd = try ZstdCompressor(library: library)
        case PayloadCompression.zlib:
            zstd = nil
        default:
            preconditionFailure("unknown encoding \(encoding)")
        }
        self.encoding = encoding
    }

    func compress(_ bytes: UnsafeRawBufferPointer) throws -> Data {
        if let zstd { return try zstd.compress(bytes) }
        var input = ByteBuffer(bytes: bytes)
        let output = try input.compress(with: .zlib, configuration: PayloadCompression.zlibConfiguration)
        return Data(output.readableBytesView)
    }

    func compress(_ data: Data) throws -> Data {
        try data.withUnsafeBytes { try compress($0) }
    }
}

/// A stored raw payload that cannot be read back.
struct DamagedPayload: Error, CustomStringConvertible {
    var reason: String
    /// False when the file is intact and only this system cannot read it.
    var damaged = true
    var description: String {
        damaged
            ? "a stored raw payload \(reason): the database file is damaged"
            : "a stored raw payload \(reason): install it to read this database"
    }
}
