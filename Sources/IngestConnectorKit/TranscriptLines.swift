/// A transcript's lines joined by newlines as they are added: what `[String].joined(separator: "\n")`
/// gives, without keeping the lines (a transcript has a few lines per message).
public struct TranscriptLines: Sendable {
    public private(set) var text = ""
    public private(set) var isEmpty = true

    public init() {}

    public mutating func append(_ line: String) {
        if isEmpty {
            text.reserveCapacity(4_096)
            isEmpty = false
        } else {
            text += "\n"
        }
        text += line
    }

    public mutating func append(contentsOf lines: [String]) {
        for line in lines { append(line) }
    }
}
