public import Foundation

/// How a ``FakeIntercomServer`` behaves: its workspaces, limits and faults.
public struct FakeIntercomConfiguration: Sendable {
    /// Bearer token → workspace. A request with another token (or none) gets 401 `error.list`
    /// (code "unauthorized", message "Access Token Invalid") and no rate-limit headers.
    public var workspaces: [String: WorkspaceSpec]
    /// Requests allowed per token per fixed 10-second window aligned to Unix-epoch multiples of 10;
    /// nil = unlimited: headers are still sent, with limit 1667 (Intercom's default) and a remaining count
    /// that stays at 1666, so clients that pace themselves on the headers run at full speed.
    public var rateLimitPerWindow: Int?
    /// per_page above 150: clamp to 150 (false, the default) or answer 400 `parameter_invalid` (true).
    public var rejectPerPageAbove150: Bool
    /// Added latency per authenticated request (default `.zero`).
    public var latency: Duration
    /// Conversation ids answered 404 `not_found` on retrieve and left out of the list, in every workspace.
    public var deletedIDs: Set<String>
    /// Deterministic faults (server errors, dropped connections, truncated bodies, a 429 storm) injected into
    /// authenticated requests; ``FaultInjection/none`` (the default) changes nothing.
    public var faults: FaultInjection
    /// The server's clock (seconds since 1970), which places requests in rate-limit windows. Tests
    /// pass a clock they move by hand, so which window a request falls into never depends on how
    /// fast the machine is; the default is the real time.
    public var clock: @Sendable () -> Double
    /// Renders the retrieve body of every generated conversation (HTML, the API's default) once, when
    /// the server starts, and serves those bytes (default false: each request renders its own). A real
    /// Intercom does that work on its own machines; on a benchmark's two cores the fake's rendering
    /// competes with the client it measures. Costs a copy of every body in memory and the start-up
    /// time; touched, created and `display_as=plaintext` answers are rendered per request as before,
    /// so the answers are the same bytes either way.
    public var prerendersConversations: Bool

    /// Creates a configuration.
    public init(
        workspaces: [String: WorkspaceSpec],
        rateLimitPerWindow: Int? = nil,
        rejectPerPageAbove150: Bool = false,
        latency: Duration = .zero,
        deletedIDs: Set<String> = [],
        faults: FaultInjection = .none,
        clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
        prerendersConversations: Bool = false
    ) {
        self.workspaces = workspaces
        self.rateLimitPerWindow = rateLimitPerWindow
        self.rejectPerPageAbove150 = rejectPerPageAbove150
        self.latency = latency
        self.deletedIDs = deletedIDs
        self.faults = faults
        self.clock = clock
        self.prerendersConversations = prerendersConversations
    }
}
