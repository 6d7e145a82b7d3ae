/// The tenant a job, artifact, secret or search belongs to.
///
/// A tenant id is 1…64 characters of ASCII letters, digits, `.`, `_` and `-`, starting with a letter or digit.
/// That keeps it safe in file paths, SQL, shell commands, SSM parameter names and log lines.
public struct TenantID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Validates `rawValue`; the error names the `tenant_id` field and what is allowed.
    public init(_ rawValue: String) throws(ConfigValidationError) {
        guard let problem = Self.problem(with: rawValue) else {
            self.rawValue = rawValue
            return
        }
        throw ConfigValidationError(field: "tenant_id", problem: problem)
    }

    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(String.self)
        try self.init(value)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: TenantID, rhs: TenantID) -> Bool { lhs.rawValue < rhs.rawValue }

    static let allowed = "1 to 64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit"

    static func problem(with value: String) -> String? {
        if value.isEmpty { return "must not be empty (allowed: \(allowed))" }
        if value.utf8.count > 64 { return "is \(value.utf8.count) characters long (allowed: \(allowed))" }
        let bytes = Array(value.utf8)
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        }
        guard isAlphanumeric(bytes[0]) else { return "must start with a letter or digit (allowed: \(allowed))" }
        for byte in bytes where !(isAlphanumeric(byte) || byte == 0x2E || byte == 0x5F || byte == 0x2D) {
            return "contains a character that is not allowed (allowed: \(allowed))"
        }
        return nil
    }
}
