@_spi(_Unicode) import Swift

/// The diacritic fold of the PostgreSQL search index, computed by the writer instead of by the server:
/// canonical decomposition (NFD), then every combining mark of U+0300–U+036F dropped (`crème` →
/// `creme`, `й` → `и`) — what `regexp_replace(normalize(text, NFD), '[\u0300-\u036f]', '', 'g')` makes
/// of the same text. The store sends the folded title and content with each row (only where folding
/// changes them) and search folds what users type with the same function, so the index and its queries
/// always agree; PostgreSQL spent a sixth of its write CPU on `normalize` and `regexp_replace`.
///
/// Decompositions are the Swift standard library's (its NFD of each scalar, `String._nfd`); marks are
/// put in canonical order here (``appendFolded(_:to:)``). The result equals PostgreSQL 15's
/// for every character of Unicode 14, the version its tables hold (a test compares them over every such
/// character); characters added since can decompose here and not there, which matters only for rows an
/// older version left for ``PostgresSearchIndex/triggerIndexing(tenantID:source:)``, which folds in SQL.
///
/// The work is on UTF-8 bytes: ASCII and the characters NFD leaves as they are (a table of the first
/// three planes, built once, about 15 ms) are copied in spans; a precomposed character takes its
/// decomposition from a table; Hangul syllables decompose arithmetically; only a character followed by
/// combining marks goes through ``appendFolded(_:to:)``, which reorders the marks.
enum DiacriticFold {
    /// `text` folded, or nil when folding changes nothing (most English text).
    static func folded(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes in
            Tables.shared.classes.withUnsafeBufferPointer { classes in
                fold(bytes, classes: classes)
            }
        }
    }

    /// `text` folded scalar by scalar, without the tables: the definition ``folded(_:)`` is tested
    /// against, and the fold of short text (a query), which should not pay for building the tables.
    static func reference(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        appendFolded(text.unicodeScalars, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the fold of `scalars`: each scalar's full decomposition, the combining marks put in
    /// canonical order, the marks of U+0300–U+036F dropped.
    ///
    /// The standard library's NFD of a whole string does not reorder marks that a starter decomposes
    /// into (`U+0F40 U+0F74 U+0F73` stays `… U+0F74 U+0F71 U+0F72`; PostgreSQL and Unicode put U+0F74
    /// last), so only single scalars are decomposed by it and the ordering is done here.
    static func appendFolded(_ scalars: some Sequence<Unicode.Scalar>, to output: inout [UInt8]) {
        var decomposed: [(scalar: Unicode.Scalar, combiningClass: UInt8)] = []
        for scalar in scalars {
            for part in String(scalar)._nfd {
                decomposed.append((part, part.properties.canonicalCombiningClass.rawValue))
            }
        }
        // Canonical ordering: each run of marks (class > 0) sorted by class, stably.
        var index = 1
        while index < decomposed.count {
            let current = decomposed[index]
            var position = index
            if current.combiningClass > 0 {
                while position > 0, decomposed[position - 1].combiningClass > current.combiningClass {
                    decomposed[position] = decomposed[position - 1]
                    position -= 1
                }
                decomposed[position] = current
            }
            index += 1
        }
        for (scalar, _) in decomposed where !isDropped(scalar.value) {
            appendUTF8(scalar.value, to: &output)
        }
    }

    /// What a search query's expression becomes: folded by ``reference(_:)``.
    static func query(_ expression: String) -> String { reference(expression) }

    /// The combining diacritical marks the fold drops.
    @inline(__always) static func isDropped(_ value: UInt32) -> Bool { value >= 0x300 && value <= 0x36F }

    /// What NFD does to a scalar of the tables' range.
    enum ScalarClass: UInt8 {
        /// A starter NFD leaves as it is: copied.
        case stable
        /// A starter whose decomposition begins with a starter: ``Tables/decompositions``.
        case decomposes
        /// A Hangul syllable: decomposed arithmetically into its jamo.
        case hangul
        /// A combining mark, or a starter that decomposes into marks: the normalizer decides.
        case other
    }

    struct Tables: Sendable {
        /// Scalars below this have a class in ``classes``; the rest (supplementary ideographs past the
        /// compatibility block, private use, tags, unassigned) are all stable starters.
        static let limit: UInt32 = 0x30000
        /// The ``ScalarClass`` of every scalar below ``limit`` (surrogates: stable, never read).
        let classes: [UInt8]
        /// The folded UTF-8 of each ``ScalarClass/decomposes`` scalar.
        let decompositions: [UInt32: [UInt8]]

        static let shared = Tables()

        private init() {
            var classes = [UInt8](repeating: ScalarClass.stable.rawValue, count: Int(Self.limit))
            var decompositions: [UInt32: [UInt8]] = [:]
            for value in 0..<Self.limit {
                if Self.isIdeograph(value) { continue }
                if value >= 0xAC00 && value <= 0xD7A3 {
                    classes[Int(value)] = ScalarClass.hangul.rawValue
                    continue
                }
                guard let scalar = Unicode.Scalar(value) else { continue }
                // Dropped marks (U+034F, the grapheme joiner, has class 0) are never copied.
                guard scalar.properties.canonicalCombiningClass == .notReordered, !DiacriticFold.isDropped(value) else {
                    classes[Int(value)] = ScalarClass.other.rawValue
                    continue
                }
                var decomposition = String(scalar)._nfd.makeIterator()
                let first = decomposition.next()
                if first == scalar && decomposition.next() == nil { continue }
                // A starter that decomposes into marks (U+0F73) reorders with the marks before it.
                guard first?.properties.canonicalCombiningClass == .notReordered else {
                    classes[Int(value)] = ScalarClass.other.rawValue
                    continue
                }
                classes[Int(value)] = ScalarClass.decomposes.rawValue
                var bytes: [UInt8] = []
                DiacriticFold.appendFolded(CollectionOfOne(scalar), to: &bytes)
                decompositions[value] = bytes
            }
            self.classes = classes
            self.decompositions = decompositions
        }

        /// CJK ideograph blocks (assigned or not): no decomposition, combining class 0. The CJK
        /// compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F) do decompose and are not here.
        private static func isIdeograph(_ value: UInt32) -> Bool {
            (0x3400...0x4DBF).contains(value) || (0x4E00...0x9FFF).contains(value)
                || (0x20000...0x2F7FF).contains(value) || (0x2FA20...0x2FFFF).contains(value)
        }
    }

    private static func fold(_ bytes: UnsafeBufferPointer<UInt8>, classes: UnsafeBufferPointer<UInt8>) -> String? {
        let count = bytes.count
        @inline(__always) func scalarClass(_ value: UInt32) -> ScalarClass {
            value < Tables.limit ? ScalarClass(rawValue: classes[Int(value)]) ?? .other : .stable
        }
        var index = 0
        var output: [UInt8] = []
        // Bytes before `copied` are in `output`; `changed` once a segment folded to something else.
        var copied = 0
        var changed = false
        while index < count {
            if bytes[index] < 0x80 {
                index += 1
                continue
            }
            let (value, length) = decodeUTF8(bytes, at: index)
            let kind = scalarClass(value)
            if kind == .stable {
                index += length
                continue
            }
            // A segment NFD may change: this scalar and the combining marks after it. Canonical
            // reordering moves marks only among marks, so a segment ends at anything that begins with a
            // starter (ASCII, a stable or decomposing starter, a Hangul syllable).
            let start = index
            index += length
            if kind != .hangul {
                while index < count, bytes[index] >= 0x80 {
                    let (next, nextLength) = decodeUTF8(bytes, at: index)
                    guard scalarClass(next) == .other else { break }
                    index += nextLength
                }
            }
            if output.isEmpty { output.reserveCapacity(count + 16) }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<start]))
            copied = index
            let before = output.count
            let single = index - start == length
            if single && kind == .hangul {
                appendHangul(value, to: &output)
            } else if single && kind == .decomposes, let decomposition = Tables.shared.decompositions[value] {
                output.append(contentsOf: decomposition)
            } else {
                let segment = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                appendFolded(segment.unicodeScalars, to: &output)
            }
            if !changed && !output[before...].elementsEqual(UnsafeBufferPointer(rebasing: bytes[start..<index])) {
                changed = true
            }
        }
        guard changed else { return nil }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<count]))
        return String(decoding: output, as: UTF8.self)
    }

    /// A Hangul syllable's jamo (Unicode's arithmetic decomposition).
    private static func appendHangul(_ value: UInt32, to output: inout [UInt8]) {
        let index = value - 0xAC00
        appendUTF8(0x1100 + index / 588, to: &output)
        appendUTF8(0x1161 + (index % 588) / 28, to: &output)
        if index % 28 != 0 { appendUTF8(0x11A7 + index % 28, to: &output) }
    }

    /// The scalar at `index` of valid UTF-8 (a String's) starting with a lead byte, and its length.
    @inline(__always)
    private static func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let lead = UInt32(bytes[index])
        if lead < 0xE0 {
            return ((lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2)
        }
        if lead < 0xF0 {
            return ((lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F), 3)
        }
        let value =
            (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
            | UInt32(bytes[index + 3] & 0x3F)
        return (value, 4)
    }

    @inline(__always)
    static func appendUTF8(_ value: UInt32, to output: inout [UInt8]) {
        switch value {
        case ..<0x80:
            output.append(UInt8(value))
        case ..<0x800:
            output.append(UInt8(0xC0 | value >> 6))
            output.append(UInt8(0x80 | value & 0x3F))
        case ..<0x10000:
            output.append(UInt8(0xE0 | value >> 12))
            output.append(UInt8(0x80 | value >> 6 & 0x3F))
            output.append(UInt8(0x80 | value & 0x3F))
        default:
            output.append(UInt8(0xF0 | value >> 18))
            output.append(UInt8(0x80 | value >> 12 & 0x3F))
            output.append(UInt8(0x80 | value >> 6 & 0x3F))
            output.append(UInt8(0x80 | value & 0x3F))
        }
    }
}
