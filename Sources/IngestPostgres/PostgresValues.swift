import Foundation

/// Conversions of Swift values into what PostgreSQL accepts.
enum PostgresValues {
    /// The range of `timestamptz` postgres-nio can encode without overflowing (years 1…9999).
    static let dateRange = Date(timeIntervalSince1970: -62_135_596_800)...Date(timeIntervalSince1970: 253_402_300_799)

    /// `date` if PostgreSQL can store it; an error naming `field` (not the value) if it is not finite or
    /// out of range — postgres-nio would trap on it.
    static func checked(_ date: Date, _ field: String) throws -> Date {
        guard date.timeIntervalSince1970.isFinite, dateRange.contains(date) else {
            throw PostgresStorageError(
                .invalidValue,
                "\(field) is not a time PostgreSQL can store (it must be a finite time between years 1 and 9999)"
            )
        }
        return date
    }

    static func checked(_ date: Date?, _ field: String) throws -> Date? {
        try date.map { try checked($0, field) }
    }

    /// The microseconds since 2000-01-01 that postgres-nio sends for `date`, so a stored time and a new
    /// one compare exactly as PostgreSQL compares them.
    static func microseconds(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince(Date(timeIntervalSince1970: 946_684_800)) * 1_000_000)
    }

    /// `text` without NUL characters, which PostgreSQL `text` cannot hold.
    static func text(_ text: String) -> String {
        var probe = text
        // memchr: the generic search of the UTF-8 view was 1% of the worker on transcripts.
        let hasNUL = probe.withUTF8 { bytes in bytes.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false }
        guard hasNUL else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.lazy.filter { $0 != "\u{0}" })
        return String(scalars)
    }

    static func text(_ text: String?) -> String? {
        text.map { Self.text($0) }
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : product + attoseconds / 1_000_000_000
    }
}
