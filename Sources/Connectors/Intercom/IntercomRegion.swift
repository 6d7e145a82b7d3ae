/// The Intercom data-hosting region of a workspace; it picks the API and inbox hosts.
public enum IntercomRegion: String, Sendable, CaseIterable, Codable {
    case us
    case eu
    case au

    /// The REST API base URL.
    public var apiBaseURL: String {
        switch self {
        case .us: "https://api.intercom.io"
        case .eu: "https://api.eu.intercom.io"
        case .au: "https://api.au.intercom.io"
        }
    }

    /// The web app host, used for links that open a conversation in the inbox.
    public var appBaseURL: String {
        switch self {
        case .us: "https://app.intercom.com"
        case .eu: "https://app.eu.intercom.com"
        case .au: "https://app.au.intercom.com"
        }
    }
}
