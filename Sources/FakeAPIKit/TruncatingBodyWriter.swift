import HTTPTypes
public import Hummingbird
import NIOCore

/// Passes the first `limit` bytes of a response body through, then fails, so that Hummingbird closes the
/// connection with the body short of its `Content-Length`.
struct TruncatingBodyWriter: ResponseBodyWriter {
    /// Thrown once the limit is reached; Hummingbird answers a thrown body error by closing the channel.
    struct Truncated: Error, CustomStringConvertible {
        var description: String { "Fault injection truncated the response body." }
    }

    var parent: any ResponseBodyWriter
    var remaining: Int

    mutating func write(_ buffer: ByteBuffer) async throws {
        guard buffer.readableBytes > remaining else {
            remaining -= buffer.readableBytes
            try await parent.write(buffer)
            return
        }
        if remaining > 0 {
            try await parent.write(buffer.getSlice(at: buffer.readerIndex, length: remaining) ?? ByteBuffer())
        }
        remaining = 0
        throw Truncated()
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        // Only reached when the body was no longer than the limit: still never finish it cleanly.
        throw Truncated()
    }
}

extension ResponseBody {
    /// The same body with its full `contentLength`, of which only the first half is sent before the
    /// connection is closed.
    public func truncatedToHalf() -> ResponseBody {
        let body = self
        let length = contentLength ?? 0
        return ResponseBody(contentLength: length) { writer in
            try await body.write(TruncatingBodyWriter(parent: writer, remaining: length / 2))
        }
    }
}
