/// Tests on eight bytes at once (a little-endian load of a `UInt64`). Exact: a test is true exactly
/// when at least one of the eight bytes matches.
enum ByteWord {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    @inline(__always)
    static func hasZeroByte(_ word: UInt64) -> Bool { (word &- ones) & ~word & highs != 0 }

    @inline(__always)
    static func hasByte(_ word: UInt64, equalTo byte: UInt8) -> Bool {
        hasZeroByte(word ^ (ones &* UInt64(byte)))
    }

    /// Whether a byte is below `limit` (at most 0x80).
    @inline(__always)
    static func hasByte(_ word: UInt64, below limit: UInt8) -> Bool {
        (word &- ones &* UInt64(limit)) & ~word & highs != 0
    }

    /// What ends the plain run of a JSON string: `"`, `\` or a control character.
    @inline(__always)
    static func hasQuoteBackslashOrControl(_ word: UInt64) -> Bool {
        hasByte(word, below: 0x20) || hasByte(word, equalTo: UInt8(ascii: "\""))
            || hasByte(word, equalTo: UInt8(ascii: "\\"))
    }
}
