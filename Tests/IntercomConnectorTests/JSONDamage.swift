import FakeIntercom
import IngestCore

/// Random damage to JSON documents, for comparing the byte readers with `JSONDecoder`: members
/// dropped or replaced by values of other types, array elements replaced, at every depth.
struct JSONDamage {
    var rng: SplitMix64
    /// What a damaged value becomes.
    let replacements: [JSONValue]
    /// Chance of each member of the top object being damaged; members deeper down get half of it.
    let topMemberPerMille: Int
    /// Chance of each array element being replaced.
    let elementPerMille: Int

    /// `value` with damage; a damaged member is dropped three times in ten, else replaced.
    mutating func damage(_ value: JSONValue, depth: Int = 0) -> JSONValue {
        switch value {
        case .object(var fields):
            for key in fields.keys where rng.chance(perMille: depth == 0 ? topMemberPerMille : topMemberPerMille / 2) {
                fields[key] = rng.chance(perMille: 300) ? nil : rng.pick(replacements)
            }
            for (key, field) in fields { fields[key] = damage(field, depth: depth + 1) }
            return .object(fields)
        case .array(let items):
            return .array(
                items.map {
                    rng.chance(perMille: elementPerMille) ? rng.pick(replacements) : damage($0, depth: depth + 1)
                }
            )
        default:
            return value
        }
    }
}
