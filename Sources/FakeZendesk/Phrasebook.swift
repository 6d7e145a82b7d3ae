/// What customers and agents of one language write in tickets. `{name}` is the requester's first name,
/// `{agent}` the agent's, `{order}` an order number, `{amount}` a price and `{date}` a date.
struct Phrasebook: Sendable {
    /// BCP 47 code, as in a user's `locale`.
    let locale: String
    /// Whether the script runs right to left (bidi marks are mixed in).
    let rightToLeft: Bool
    let subjects: [String]
    let greetings: [String]
    let problems: [String]
    let followUps: [String]
    let closings: [String]
    let replies: [String]
    let signOffs: [String]
    let notes: [String]

    /// Every language, with relative weights: most tickets are not in English.
    static let all: [(book: Phrasebook, weight: Int)] = [
        (japanese, 12), (chinese, 10), (korean, 6), (arabic, 9), (hebrew, 4), (russian, 9), (hindi, 6),
        (thai, 4), (greek, 3), (vietnamese, 4), (turkish, 4), (german, 7), (spanish, 7), (portuguese, 5),
        (english, 10),
    ]

    static let weights = all.map(\.weight)
}
