import CompressNIO
import Foundation
import NIOCore

/// Raw payloads as the embedded store keeps them: zlib-compressed (JSON shrinks to a quarter or so),
/// with the original size, so reading them back allocates once and checks that nothing was lost.
enum PayloadCompression {
    /// The `raw_payload_encoding` of a compressed payload; NULL means stored as received.
    static let zlib = "zlib"

    static func compress(_ payload: Data) throws -> Data {
        var input = ByteBuffer(bytes: payload)
        return try compress(&input)
    }

    /// Compresses the readable bytes of `input` (consuming them).
    static func compress(_ input: inout ByteBuffer) throws -> Data {
        let output = try input.compress(with: .zlib, configuration: configuration)
        return Data(output.readableBytesView)
    }

    /// The fastest level (on JSON it keeps most of the default level's saving for half its CPU), with
    /// a 16 KB window and a 32 KB hash table instead of zlib's 32 KB and 64 KB: a compressor is made
    /// for each value, and setting up the default one (allocating and clearing 256 KB) cost more than
    /// compressing a 5 KB transcript. Values are mostly smaller than the window, so the output is the
    /// same size or within a few bytes; any zlib reader inflates it (the window is in the header).
    static let configuration = ZlibConfiguration(
        windowSize: .window64k,
        compressionLevel: .fastestCompression,
        memoryLevel: .memory64K
    )

    static func decompress(_ stored: Data, size: Int) throws -> Data {
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
    }

    /// The payload of a row: decompressed when it was stored compressed.
    static func payload(stored: Data, encoding: String?, size: Int?) throws -> Data {
        switch encoding {
        case nil: return stored
        case zlib?: return try decompress(stored, size: size ?? 0)
        case let other?: throw DamagedPayload(reason: "has the unknown encoding \(other)")
        }
    }
}

/// A stored raw payload that cannot be read back.
struct DamagedPayload: Error, CustomStringConvertible {
    var reason: String
    var description: String { "a stored raw payload \(reason): the database file is damaged" }
}
