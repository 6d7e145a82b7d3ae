import NIOCore
import PostgresNIO

/// A `tsvector` as PostgreSQL sends it in its binary format, bound back as it came: a vector computed
/// on one connection is stored by another without being computed, or parsed from text, again.
/// PostgreSQL sends a vector's lexemes sorted, and reads a sorted vector in one pass.
struct SearchVector: PostgresNonThrowingEncodable, PostgresDecodable, Sendable {
    var bytes: ByteBuffer

    static var psqlType: PostgresDataType { .tsvector }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer,
        context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeImmutableBuffer(bytes)
    }

    init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer,
        type: PostgresDataType,
        format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard type == .tsvector, format == .binary else { throw PostgresDecodingError.Code.typeMismatch }
        // A copy of its own: the row's bytes are a slice of what the connection read.
        var copy = ByteBufferAllocator().buffer(capacity: buffer.readableBytes)
        copy.writeBuffer(&buffer)
        bytes = copy
    }
}
