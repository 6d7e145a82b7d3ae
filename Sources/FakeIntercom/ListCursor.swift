import Foundation

/// The opaque `starting_after` cursor of `GET /conversations`.
///
/// On the wire it is base64 of a small JSON array, `[40,3,"desc"]` (next position, next page number,
/// order); as the array opens with a digit, the cursor starts with "Wz" like Intercom's own cursors.
struct ListCursor: Sendable, Equatable {
    /// List order: `desc` (the default) or `asc`.
    var order: String
    /// Position in that order of the first conversation of the page (deleted ones included).
    var position: Int
    /// 1-based number of the page the cursor leads to.
    var page: Int

    var encoded: String {
        Data("[\(position),\(page),\"\(order)\"]".utf8).base64EncodedString()
    }

    /// Decodes a cursor; tolerant of URL-safe base64, missing padding and `+` turned into a space.
    init?(encoded: String, count: Int) {
        var base64 = encoded.replacingOccurrences(of: " ", with: "+")
            .replacingOccurrences(of: "-", with: "+")
            .replacingOccurrences(of: "_", with: "/")
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else {
            return nil
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("["), trimmed.hasSuffix("]") else { return nil }
        let fields = trimmed.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.count == 3,
            let position = Int(fields[0]), let page = Int(fields[1]),
            let order = ["\"asc\"": "asc", "\"desc\"": "desc"][fields[2]],
            position >= 0, position <= count, page >= 1
        else { return nil }
        self.init(order: order, position: position, page: page)
    }

    init(order: String, position: Int, page: Int) {
        self.order = order
        self.position = position
        self.page = page
    }
}
