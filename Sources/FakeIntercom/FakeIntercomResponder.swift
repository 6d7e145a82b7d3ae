import FakeAPIKit
import Foundation
import HTTPTypes
import Hummingbird
import IngestCore
import Logging
import NIOCore

/// Answers every request of a ``FakeIntercomServer``: auth, rate limit, latency, injected faults, then the route.
struct FakeIntercomResponder: HTTPResponder {
    typealias Context = FakeRequestContext

    /// The routes of the fake; `statsName` is the key in ``RequestStats/byRoute``.
    enum Route: Sendable {
        case me
        case list
        case retrieve(id: String)
        case search
        case deleted
        case other

        init(method: HTTPRequest.Method, path: String) {
            var path = Substring(path)
            while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
            let segments = path.split(separator: "/", omittingEmptySubsequences: false)
            guard segments.first == "" else {
                self = .other
                return
            }
            if method == .post {
                self =
                    segments.count == 3 && segments[1] == "conversations" && segments[2] == "search" ? .search : .other
                return
            }
            guard method == .get else {
                self = .other
                return
            }
            switch segments.count {
            case 2 where segments[1] == "me": self = .me
            case 2 where segments[1] == "conversations": self = .list
            case 3 where segments[1] == "conversations" && segments[2] == "deleted": self = .deleted
            case 3 where segments[1] == "conversations" && !segments[2].isEmpty:
                self = .retrieve(id: String(segments[2]))
            default: self = .other
            }
        }

        var statsName: String {
            switch self {
            case .me: "me"
            case .list: "list"
            case .retrieve: "retrieve"
            case .search: "search"
            case .deleted: "deleted"
            case .other: "other"
            }
        }
    }

    let tenants: [String: LiveWorkspace]
    let configuration: FakeIntercomConfiguration
    let state: ServerState
    let logger: Logger

    init(
        configuration: FakeIntercomConfiguration,
        tenants: [String: LiveWorkspace],
        state: ServerState,
        logger: Logger
    ) {
        self.configuration = configuration
        self.state = state
        self.logger = logger
        self.tenants = tenants
    }

    /// Each token's workspace, with the configuration's deleted ids (and its conversations' bodies,
    /// when the configuration prerenders them).
    static func tenants(_ configuration: FakeIntercomConfiguration) async -> [String: LiveWorkspace] {
        var tenants: [String: LiveWorkspace] = [:]
        for (token, spec) in configuration.workspaces {
            let workspace = Workspace(spec: spec)
            tenants[token] = LiveWorkspace(
                workspace: workspace,
                deletedIDs: configuration.deletedIDs,
                renderedBodies: configuration.prerendersConversations ? await renderedBodies(of: workspace) : []
            )
        }
        return tenants
    }

    /// The retrieve body (HTML) of each generated conversation, in index order, rendered on every core
    /// (each chunk's bodies share one buffer: a buffer of its own would round each up to a power of
    /// two); none when the task is cancelled meanwhile.
    static func renderedBodies(of workspace: Workspace) async -> [ByteBuffer] {
        let count = workspace.count
        let chunkSize = max(1, (count + 63) / 64)
        let bodies = await withTaskGroup(of: (Int, [ByteBuffer]).self) { group in
            for start in stride(from: 0, to: count, by: chunkSize) {
                group.addTask {
                    var bytes: [UInt8] = []
                    var ends: [Int] = []
                    for index in start..<min(start + chunkSize, count) {
                        if Task.isCancelled { return (start, []) }
                        JSONValue.writeObject(
                            workspace.conversation(at: index).retrieveJSON(plainText: false),
                            into: &bytes
                        )
                        ends.append(bytes.count)
                    }
                    let buffer = ByteBuffer(bytes: bytes)
                    var bodies: [ByteBuffer] = []
                    var offset = 0
                    for end in ends {
                        bodies.append(buffer.getSlice(at: offset, length: end - offset)!)
                        offset = end
                    }
                    return (start, bodies)
                }
            }
            var chunks: [(Int, [ByteBuffer])] = []
            for await chunk in group { chunks.append(chunk) }
            return chunks.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
        // A chunk cut short would shift every later body onto another conversation.
        return Task.isCancelled || bodies.count != count ? [] : bodies
    }

    /// The limit reported when unlimited: 10,000 per minute split into six windows.
    static let reportedLimitWhenUnlimited = 1_667

    /// Search bodies larger than this are refused.
    static let maximumBodyBytes = 1 << 20

    func respond(to request: Request, context: FakeRequestContext) async throws -> Response {
        if request.method == .post, request.uri.path.hasPrefix("/_admin/") {
            return try await admin(request)
        }
        let route = Route(method: request.method, path: request.uri.path)
        return try await state.serve(route: route.statsName, context: context, logger: logger) {
            try await answer(request, route: route)
        }
    }

    private func answer(_ request: Request, route: Route) async throws -> ResponderOutcome {
        guard let token = Self.bearerToken(request.headers[.authorization]), let tenant = tenants[token] else {
            return .response(
                Self.error(.unauthorized, code: "unauthorized", message: "Access Token Invalid", limit: nil)
            )
        }
        await state.passHold()
        let admission = state.admit(key: token, buckets: [FakeIntercomServer.bucket], now: configuration.clock())
        let decision = admission.decision
        guard decision.allowed else {
            return .response(
                Self.error(
                    .tooManyRequests,
                    code: "rate_limit_exceeded",
                    message: "Exceeded rate limit of \(decision.limit) in 10_seconds",
                    limit: decision
                )
            )
        }
        if configuration.latency > .zero {
            try await Task.sleep(for: configuration.latency)
        }
        var body: JSONValue?
        if case .search = route {
            var request = request
            let bytes = try await request.collectBody(upTo: Self.maximumBodyBytes)
            body = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes.readableBytesView))
        }
        switch admission.fault {
        case .dropConnection:
            return .dropConnection
        case .serverError(let status):
            return .response(Self.serverError(status: status, limit: decision))
        case .truncatedBody:
            return .response(
                Self.truncated(routeResponse(request, body: body, route: route, tenant: tenant, limit: decision))
            )
        case nil:
            return .response(routeResponse(request, body: body, route: route, tenant: tenant, limit: decision))
        }
    }

    private func routeResponse(
        _ request: Request,
        body: JSONValue?,
        route: Route,
        tenant: LiveWorkspace,
        limit decision: RateLimiter.Decision
    ) -> Response {
        switch route {
        case .me:
            Self.json(me(tenant), limit: decision)
        case .list:
            list(request.uri.queryParameters, tenant: tenant, limit: decision)
        case .retrieve(let id):
            retrieve(id: id, query: request.uri.queryParameters, tenant: tenant, limit: decision)
        case .search:
            search(body, tenant: tenant, limit: decision)
        case .deleted:
            deleted(
                request.uri.queryParameters,
                version: request.headers[HTTPField.Name("Intercom-Version")!],
                tenant: tenant,
                limit: decision
            )
        case .other:
            Self.notFound(limit: decision)
        }
    }

    /// The token of an `Authorization: Bearer <token>` header.
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    private func me(_ tenant: LiveWorkspace) -> [String: JSONValue] {
        [
            "type": "admin",
            "id": "1",
            "name": "Fake Admin",
            "email": "admin@example.com",
            "app": [
                "type": "app",
                "id_code": .string(tenant.workspace.spec.appID),
                "name": "Fake Workspace",
                "region": "US",
                "timezone": "Europe/Dublin",
            ],
        ]
    }
}
