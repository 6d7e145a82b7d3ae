import Crypto
import Foundation

extension Artifact {
    /// SHA-256 over the canonical JSON of the fields a reader sees: title, url, created time, authors,
    /// tags, state, content and metadata. `updatedAt` and the raw payload are left out on purpose:
    /// APIs move their update time for changes that alter nothing visible (Intercom's `updated_at`).
    public func computeContentHash() -> String {
        let visible: JSONValue = .object([
            "kind": .string(kind),
            "title": .string(title),
            "url": url.map(JSONValue.string) ?? .null,
            "created_at": .number(createdAt.timeIntervalSince1970.rounded()),
            "authors": .array(authors.map(\.jsonValue)),
            "tags": .array(tags.map(JSONValue.string)),
            "state": state.map(JSONValue.string) ?? .null,
            "content": .string(content),
            "metadata": .object(metadata),
        ])
        let digest = SHA256.hash(data: visible.canonicalBytes)
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: SHA256.byteCount * 2) { output in
            var position = 0
            for byte in digest {
                output[position] = digits.utf8Start[Int(byte >> 4)]
                output[position + 1] = digits.utf8Start[Int(byte & 0x0F)]
                position += 2
            }
            return position
        }
    }
}
