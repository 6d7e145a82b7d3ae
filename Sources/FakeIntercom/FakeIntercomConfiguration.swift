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

    /// Creates a configuration.
    public init(
        workspaces: [String: WorkspaceSpec],
        rateLimitPerWindow: Int? = nil,
        rejectPerPageAbove150: Bool = false,
        latency: Duration = .zero,
        deletedIDs: Set<String> = [],
        faults: FaultInjection = .none
    ) {
        self.workspaces = workspaces
        self.rateLimitPerWindow = rateLimitPerWindow
        self.rejectPerPageAbove150 = rejectPerPageAbove150
        self.latency = latency
        self.deletedIDs = deletedIDs
        self.faults = faults
    }
}
