import FakeAPIKit
import Foundation
import HTTPTypes
import Hummingbird
import IngestCore
import Logging
import NIOCore

/// Answers every request of a ``FakeZendeskServer``: auth, role, rate limits, latency, injected faults,
/// then the route. Paths work with and without `.json`.
struct FakeZendeskResponder: HTTPResponder {
    typealias Context = FakeRequestContext

    /// The routes of the fake; `statsName` is the key in ``ZendeskRequestStats/byRoute``.
    enum Route: Sendable, Equatable {
        case export
        case comments(ticketID: Int64)
        case showTickets
        case showUsers
        case deletedTickets
        case other

        init(method: HTTPRequest.Method, path: String) {
            var path = Substring(path)
            while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
            if path.hasSuffix(".json") { path = path.dropLast(5) }
            guard method == .get, path.hasPrefix("/api/v2/") else {
                self = .other
                return
            }
            let segments = path.dropFirst("/api/v2/".count).split(separator: "/", omittingEmptySubsequences: false)
            switch segments.count {
            case 1 where segments[0] == "deleted_tickets": self = .deletedTickets
            case 2 where segments[0] == "tickets" && segments[1] == "show_many": self = .showTickets
            case 2 where segments[0] == "users" && segments[1] == "show_many": self = .showUsers
            case 3 where segments[0] == "incremental" && segments[1] == "tickets" && segments[2] == "cursor":
                self = .export
            case 3 where segments[0] == "tickets" && segments[2] == "comments":
                if let id = Int64(segments[1]), id > 0 { self = .comments(ticketID: id) } else { self = .other }
            default: self = .other
            }
        }

        var statsName: String {
            switch self {
            case .export: "export"
            case .comments: "comments"
            case .showTickets: "show_many"
            case .showUsers: "users"
            case .deletedTickets: "deleted_tickets"
            case .other: "other"
            }
        }

        /// The rate-limit buckets a request counts in, the primary (reported) one first.
        var buckets: [String] {
            switch self {
            case .export: [FakeZendeskServer.planBucket, FakeZendeskServer.exportBucket]
            case .deletedTickets: [FakeZendeskServer.planBucket, FakeZendeskServer.deletedBucket]
            default: [FakeZendeskServer.planBucket]
            }
        }
    }

    /// What one request is answered with, besides its body: the account and the base URL for links.
    struct Call {
        var account: LiveAccount
        var snapshot: AccountSnapshot
        var query: QueryParameters
        var baseURL: String
        var limit: RateLimiter.Decision
        var now: Double
    }

    let configuration: FakeZendeskConfiguration
    let accounts: [String: LiveAccount]
    let state: ServerState
    let clock: ServerClock
    let logger: Logger

    /// The limit reported when the plan is unlimited (High Volume).
    static let reportedLimitWhenUnlimited = 2_500

    /// Admin bodies larger than this are refused.
    static let maximumBodyBytes = 1 << 20

    func respond(to request: Request, context: FakeRequestContext) async throws -> Response {
        if request.uri.path.hasPrefix("/_admin/") {
            return try await admin(request)
        }
        let route = Route(method: request.method, path: request.uri.path)
        return try await state.serve(route: route.statsName, context: context, logger: logger) {
            try await answer(request, route: route)
        }
    }

    private func answer(_ request: Request, route: Route) async throws -> ResponderOutcome {
        guard let (credential, account) = authenticate(request.headers[.authorization]) else {
            return .response(Self.error(.unauthorized, code: "Couldn't authenticate you", limit: nil, now: 0))
        }
        await state.passHold()
        let now = clock.now
        let admission = state.admit(key: credential, buckets: route.buckets, now: now)
        let decision = admission.decision
        guard admission.allowed else {
            return .response(rateLimited(admission, now: now))
        }
        if configuration.latency > .zero {
            try await Task.sleep(for: configuration.latency)
        }
        let call = Call(
            account: account,
            snapshot: account.snapshot,
            query: QueryParameters(request.uri.query),
            baseURL: Self.baseURL(request),
            limit: decision,
            now: now
        )
        switch admission.fault {
        case .dropConnection:
            return .dropConnection
        case .serverError(let status):
            return .response(Self.serverError(status: status, limit: decision, now: now))
        case .truncatedBody:
            let response = routeResponse(route, call)
            return .response(
                Response(status: response.status, headers: response.headers, body: response.body.truncatedToHalf())
            )
        case nil:
            return .response(routeResponse(route, call))
        }
    }

    private func routeResponse(_ route: Route, _ call: Call) -> Response {
        switch route {
        case .export:
            guard call.account.spec.role == .admin else {
                return Self.error(
                    .forbidden,
                    code: "Forbidden",
                    description:
                        "You do not have access to this page. Please contact the account owner of this help desk for further help.",
                    limit: call.limit,
                    now: call.now
                )
            }
            return export(call)
        case .comments(let ticketID): return comments(ticketID: ticketID, call)
        case .showTickets: return showTickets(call)
        case .showUsers: return showUsers(call)
        case .deletedTickets: return deletedTickets(call)
        case .other:
            return Self.error(
                .notFound,
                code: "RecordNotFound",
                description: "Not found",
                limit: call.limit,
                now: call.now
            )
        }
    }

    /// The credential and account of an `Authorization` header: `Bearer TOKEN` for an account without an
    /// email, Basic `base64("EMAIL/token:TOKEN")` for one with.
    func authenticate(_ header: String?) -> (String, LiveAccount)? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2 else { return nil }
        let scheme = parts[0].lowercased()
        let value = parts[1].trimmingCharacters(in: .whitespaces)
        if scheme == "bearer" {
            guard let account = accounts[value], account.spec.email == nil else { return nil }
            return (value, account)
        }
        guard scheme == "basic", let data = Data(base64Encoded: value),
            let decoded = String(data: data, encoding: .utf8),
            let colon = decoded.firstIndex(of: ":")
        else { return nil }
        let user = decoded[..<colon]
        let token = String(decoded[decoded.index(after: colon)...])
        guard user.hasSuffix("/token"), let account = accounts[token], let email = account.spec.email,
            user.dropLast("/token".count).lowercased() == email.lowercased()
        else { return nil }
        return (token, account)
    }

    /// `http://HOST:PORT` as the client addressed the server, for absolute links.
    static func baseURL(_ request: Request) -> String {
        let authority = request.head.authority ?? "127.0.0.1"
        return "http://" + authority
    }
}
