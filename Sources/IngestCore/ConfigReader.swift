/// Reads a flat JSON object field by field with strict, explained validation.
///
/// Each accessor marks its key as known; ``finish()`` then refuses any key no accessor asked for,
/// so a typo such as `perpage` is an error rather than silently ignored. A `null` value is the
/// same as an absent key for optional fields.
public struct ConfigReader: Sendable {
    private let object: [String: JSONValue]
    private var known: Set<String>

    public init(_ object: [String: JSONValue], alsoAllowed: Set<String> = []) {
        self.object = object
        self.known = alsoAllowed
    }

    /// An optional string; `allowEmpty: false` refuses `""`.
    public mutating func optionalString(
        _ key: String,
        allowEmpty: Bool = false
    ) throws(ConfigValidationError) -> String? {
        known.insert(key)
        switch object[key] {
        case nil, .null: return nil
        case .string(let value):
            if !allowEmpty && value.isEmpty {
                throw ConfigValidationError(field: key, problem: "must not be an empty string (omit it or use null)")
            }
            return value
        case let other?:
            throw ConfigValidationError(field: key, problem: "must be a string, got \(other.typeDescription)")
        }
    }

    /// An optional integer within `range`.
    public mutating func optionalInt(_ key: String, in range: ClosedRange<Int>) throws(ConfigValidationError) -> Int? {
        known.insert(key)
        switch object[key] {
        case nil, .null: return nil
        case .number(let value):
            guard let integer = JSONValue.exactInteger(value) else {
                throw ConfigValidationError(
                    field: key,
                    problem: "must be a whole number \(Self.describe(range)), got \(value)"
                )
            }
            guard range.contains(integer) else {
                throw ConfigValidationError(
                    field: key,
                    problem: "must be an integer \(Self.describe(range)), got \(integer)"
                )
            }
            return integer
        case let other?:
            throw ConfigValidationError(
                field: key,
                problem: "must be an integer \(Self.describe(range)), got \(other.typeDescription)"
            )
        }
    }

    /// An optional value from a fixed set of strings.
    public mutating func optionalChoice(_ key: String, of choices: [String]) throws(ConfigValidationError) -> String? {
        let allowed = choices.map { "\"\($0)\"" }.joined(separator: " or ")
        known.insert(key)
        switch object[key] {
        case nil, .null: return nil
        case .string(let value):
            guard choices.contains(value) else {
                throw ConfigValidationError(field: key, problem: "must be \(allowed), got \"\(value.prefix(40))\"")
            }
            return value
        case let other?:
            throw ConfigValidationError(field: key, problem: "must be \(allowed), got \(other.typeDescription)")
        }
    }

    /// An optional list of ids. Numbers are accepted and kept as their decimal text, since APIs
    /// such as Intercom type ids as strings but users paste them as numbers.
    public mutating func optionalIDList(
        _ key: String,
        maxCount: Int,
        isValid: (String) -> Bool = { _ in true },
        allowed: String = "non-empty strings"
    ) throws(ConfigValidationError) -> [String]? {
        known.insert(key)
        switch object[key] {
        case nil, .null: return nil
        case .array(let values):
            if values.isEmpty {
                throw ConfigValidationError(
                    field: key,
                    problem: "must not be an empty list (omit it to fetch everything)"
                )
            }
            if values.count > maxCount {
                throw ConfigValidationError(
                    field: key,
                    problem: "has \(values.count) ids; at most \(maxCount) are allowed in one job"
                )
            }
            var ids: [String] = []
            ids.reserveCapacity(values.count)
            for (position, value) in values.enumerated() {
                let id: String
                switch value {
                case .string(let text): id = text
                case .number(let number):
                    guard let integer = JSONValue.exactInteger(number), integer >= 0 else {
                        throw ConfigValidationError(
                            field: "\(key)[\(position)]",
                            problem: "must be \(allowed), got \(number)"
                        )
                    }
                    id = String(integer)
                default:
                    throw ConfigValidationError(
                        field: "\(key)[\(position)]",
                        problem: "must be \(allowed), got \(value.typeDescription)"
                    )
                }
                guard isValid(id) else {
                    throw ConfigValidationError(
                        field: "\(key)[\(position)]",
                        problem: "must be \(allowed), got \"\(id.prefix(40))\""
                    )
                }
                ids.append(id)
            }
            return ids
        case let other?:
            throw ConfigValidationError(field: key, problem: "must be a list of ids, got \(other.typeDescription)")
        }
    }

    /// Refuses keys that no accessor asked for.
    public func finish() throws(ConfigValidationError) {
        let unknown = object.keys.filter { !known.contains($0) }.sorted()
        guard let first = unknown.first else { return }
        let allowed = known.sorted().joined(separator: ", ")
        throw ConfigValidationError(
            field: first,
            problem: "is not a known field (allowed: \(allowed))"
                + (unknown.count > 1 ? "; also unknown: \(unknown.dropFirst().joined(separator: ", "))" : "")
        )
    }

    private static func describe(_ range: ClosedRange<Int>) -> String {
        range.upperBound == Int.max
            ? "of at least \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
    }
}
