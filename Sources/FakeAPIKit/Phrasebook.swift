/// What customers and agents of one language write to support (tickets, conversations): the
/// real-world text mix of the fake APIs, where most messages are not in English. `{name}` is the requester's first name,
/// `{agent}` the agent's, `{order}` an order number, `{amount}` a price and `{date}` a date.
public struct Phrasebook: Sendable {
    /// BCP 47 code, as in a user's `locale`.
    public let locale: String
    /// Whether the script runs right to left (bidi marks are mixed in).
    public let rightToLeft: Bool
    public let subjects: [String]
    public let greetings: [String]
    public let problems: [String]
    public let followUps: [String]
    public let closings: [String]
    public let replies: [String]
    public let signOffs: [String]
    public let notes: [String]

    /// Every language, with relative weights: most tickets are not in English.
    public static let all: [(book: Phrasebook, weight: Int)] = [
        (japanese, 12), (chinese, 10), (korean, 6), (arabic, 9), (hebrew, 4), (russian, 9), (hindi, 6),
        (thai, 4), (greek, 3), (vietnamese, 4), (turkish, 4), (german, 7), (spanish, 7), (portuguese, 5),
        (english, 10),
    ]

    public static let weights = all.map(\.weight)
}
