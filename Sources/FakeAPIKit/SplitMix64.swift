/// A small, fast, seedable pseudo-random generator (SplitMix64).
///
/// Generated data must be identical on every run and platform, so this never touches Swift's
/// randomly seeded `Hasher` or the standard library's sampling algorithms: every draw below is defined here.
public struct SplitMix64: Sendable {
    private(set) var state: UInt64

    public init(seed: UInt64) {
        self.state = seed
    }

    /// A generator for item `index` of the stream `seed`: the two are mixed so neighbouring indexes are unrelated.
    public init(seed: UInt64, index: UInt64) {
        self.state = SplitMix64.mix(seed, index)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.finalize(state)
    }

    /// A uniformly distributed integer in `range` (multiply-high reduction; the bias is negligible here).
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) &+ 1
        if width == 0 { return range.lowerBound &+ Int(truncatingIfNeeded: next()) }
        let high = next().multipliedFullWidth(by: width).high
        return range.lowerBound + Int(high)
    }

    /// A uniformly distributed integer in `0..<upperBound`.
    public mutating func below(_ upperBound: Int) -> Int {
        precondition(upperBound > 0, "upperBound must be positive")
        return int(0...(upperBound - 1))
    }

    /// True with probability `perMille` / 1000.
    public mutating func chance(perMille: Int) -> Bool {
        below(1000) < perMille
    }

    public mutating func bool() -> Bool {
        next() & 1 == 1
    }

    /// A uniformly chosen element of a non-empty array.
    public mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[below(elements.count)]
    }

    /// An index chosen with the given relative weights.
    public mutating func weighted(_ weights: [Int]) -> Int {
        var roll = below(weights.reduce(0, +))
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.count - 1
    }

    /// `count` lowercase hexadecimal digits.
    public mutating func hex(count: Int) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        var bits = next()
        for position in 0..<count {
            if position > 0, position % 16 == 0 { bits = next() }
            bytes.append(digits[Int(bits & 0xF)])
            bits >>= 4
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A well-mixed combination of two values (used to derive independent seeds).
    public static func mix(_ first: UInt64, _ second: UInt64) -> UInt64 {
        finalize(finalize(first &+ 0x9E37_79B9_7F4A_7C15) ^ (second &* 0xD1B5_4A32_D192_ED03))
    }

    private static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
