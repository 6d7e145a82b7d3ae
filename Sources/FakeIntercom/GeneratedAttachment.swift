/// A file attached to a source message or a part (`{type: "upload", …}` on the wire).
public struct GeneratedAttachment: Sendable {
    /// File name as uploaded; may contain non-ASCII characters.
    public let name: String
    /// Download URL.
    public let url: String
    /// MIME type, e.g. `image/png`.
    public let contentType: String
    /// Size in bytes.
    public let filesize: Int
}

extension GeneratedAttachment {
    /// Pixel size for images (derived from the file size so it needs no storage); nil for other files.
    var imageSize: (width: Int, height: Int)? {
        guard contentType.hasPrefix("image/") else { return nil }
        return (width: 320 + filesize % 1_600, height: 240 + (filesize / 7) % 1_200)
    }
}
