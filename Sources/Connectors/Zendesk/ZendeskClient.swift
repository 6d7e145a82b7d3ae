import Foundation
public import IngestCore
public import IngestHTTP
public import Logging

/// Zendesk Support's REST API for one tenant: an OAuth access token (`Bearer`) or an API token (Basic
/// `email/token:TOKEN`) from the secret store, `Accept: application/json`, and every call through the
/// shared REST layer in Zendesk's dialect. Two budgets: the account's plan limit, and the 10 requests a
/// minute all incremental exports share (kept by the client, since Zendesk does not report it).
public struct ZendeskClient: Sendable {
    /// The secret name of an OAuth access token, sent as `Bearer`.
    public static let accessTokenSecretName = "zendesk_access_token"
    /// The secret name of an API token, sent as Basic `email/token:TOKEN` with the config's `email`.
    public static let apiTokenSecretName = "zendesk_api_token"
    public static let baseURLVariable = "ZENDESK_BASE_URL"
    public static let exportRequestsPerMinuteVariable = "ZENDESK_EXPORT_REQUESTS_PER_MINUTE"
    /// All incremental export endpoints together, per minute (30 with the High Volume add-on).
    public static let defaultExportRequestsPerMinute = 10

    public let tenantID: TenantID
    public let subdomain: String
    /// `https://SUBDOMAIN.zendesk.com`, or `ZENDESK_BASE_URL`.
    public let baseURL: String
    let authorization: Secret
    let usesAPIToken: Bool
    let rest: RESTClient
    let planBudget: RequestBudget
    let exportBudget: RequestBudget

    /// A client for `tenantID`: loads the token (the API token when `email` is given), picks the host
    /// and the account's shared budgets.
    public static func make(
        tenantID: TenantID,
        subdomain: String,
        email: String?,
        secrets: any SecretStore,
        environment: ConnectorEnvironment,
        logger: Logger
    ) async throws -> ZendeskClient {
        let token: Secret
        let authorization: Secret
        if let email {
            token = try await load(apiTokenSecretName, tenantID: tenantID, secrets: secrets, email: email)
            authorization = Secret("Basic " + Data("\(email)/token:\(token.value)".utf8).base64EncodedString())
        } else {
            token = try await load(accessTokenSecretName, tenantID: tenantID, secrets: secrets, email: nil)
            authorization = Secret("Bearer \(token.value)")
        }
        let baseURL = try baseURL(environment.variables, subdomain: subdomain)
        let perMinute = try exportRequestsPerMinute(environment.variables)
        return ZendeskClient(
            tenantID: tenantID,
            subdomain: subdomain,
            baseURL: baseURL,
            authorization: authorization,
            usesAPIToken: email != nil,
            rest: environment.restClient(logger: logger, dialect: .zendesk),
            planBudget: environment.budgets.budget(host: baseURL, token: token.value),
            exportBudget: environment.budgets.budget(
                host: baseURL,
                token: token.value,
                scope: "export",
                // A second of margin over Zendesk's minute.
                clientLimit: ClientRateLimit(requests: perMinute, seconds: 61)
            )
        )
    }

    private static func load(
        _ name: String,
        tenantID: TenantID,
        secrets: any SecretStore,
        email: String?
    ) async throws -> Secret {
        do {
            return try await secrets.secret(named: name, tenantID: tenantID)
        } catch let error as SecretError where error.code == .notFound {
            let how =
                email == nil
                ? "Store an OAuth access token with `ingest secrets set --tenant-id \(tenantID) --name "
                    + "\(accessTokenSecretName)`, or an API token with `--name \(apiTokenSecretName)` and "
                    + "\"email\" in the config"
                : "Store the API token of \(email!) with `ingest secrets set --tenant-id \(tenantID) --name "
                    + "\(apiTokenSecretName)`"
            throw IngestError(.configuration, "no Zendesk \(name) for tenant \(tenantID): \(error.message). \(how)")
        }
    }

    /// `ZENDESK_BASE_URL` (an http or https URL) or `https://SUBDOMAIN.zendesk.com`.
    static func baseURL(_ variables: [String: String], subdomain: String) throws(ConfigValidationError) -> String {
        guard let text = variables[baseURLVariable], !text.isEmpty else { return "https://\(subdomain).zendesk.com" }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil,
            url.user == nil, url.password == nil
        else {
            throw ConfigValidationError(
                field: baseURLVariable,
                problem: "must be an http or https URL without credentials, e.g. http://127.0.0.1:8081"
            )
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// `ZENDESK_EXPORT_REQUESTS_PER_MINUTE`: 1 to 30 (30 with the High Volume add-on); 10 when unset.
    static func exportRequestsPerMinute(_ variables: [String: String]) throws(ConfigValidationError) -> Int {
        try ConnectorEnvironment.integerSetting(
            exportRequestsPerMinuteVariable,
            in: 1...30,
            default: defaultExportRequestsPerMinute,
            variables: variables
        )
    }

    var headers: [(String, String)] {
        [("Authorization", authorization.value), ("Accept", "application/json")]
    }

    /// Where the export starts: a time (first call only) or the previous page's `after_cursor`.
    public enum ExportStart: Sendable, Hashable {
        case time(Int64)
        case cursor(String)
    }

    /// `GET /api/v2/incremental/tickets/cursor.json` with every support type and the users side-loaded.
    public func exportTickets(from start: ExportStart, perPage: Int) async throws -> ZendeskExportPage {
        var query = "per_page=\(perPage)&support_type_scope=all&include=users"
        switch start {
        case .time(let time): query += "&start_time=\(time)"
        case .cursor(let cursor): query += "&cursor=\(RESTClient.percentEncoded(cursor))"
        }
        return try await call(
            url: "\(baseURL)/api/v2/incremental/tickets/cursor.json?\(query)",
            endpoint: "GET /api/v2/incremental/tickets/cursor",
            budget: exportBudget
        ) { response in
            try ZendeskExportPage(body: response.body)
        }
    }

    /// Every comment of a ticket, oldest first, following `links.next` until `meta.has_more` is false,
    /// with the authors side-loaded; nil when the ticket answers 404 (deleted or scrubbed).
    public func comments(ticketID: Int64) async throws -> (comments: [ZendeskComment], users: [ZendeskUser])? {
        var url: String? = "\(baseURL)/api/v2/tickets/\(ticketID)/comments.json?page%5Bsize%5D=100&include=users"
        var comments: [ZendeskComment] = []
        var users: [ZendeskUser] = []
        var pages = 0
        while let next = url {
            pages += 1
            let page: ZendeskCommentPage
            do {
                page = try await call(url: next, endpoint: "GET /api/v2/tickets/{id}/comments", budget: planBudget) {
                    try ZendeskCommentPage(body: $0.body)
                }
            } catch let error as IngestError where error.code == .notFound {
                return nil
            }
            comments += page.comments
            users += page.users
            guard page.hasMore, pages < 10_000 else { break }
            // Follow the API's own link only on the API's host (it carries our credentials).
            if let link = page.next, link.hasPrefix(baseURL + "/") {
                url = link
            } else if let cursor = page.afterCursor {
                url =
                    "\(baseURL)/api/v2/tickets/\(ticketID)/comments.json?page%5Bsize%5D=100&include=users"
                    + "&page%5Bafter%5D=\(RESTClient.percentEncoded(cursor))"
            } else {
                throw IngestError(
                    .transient,
                    "Zendesk said ticket \(ticketID) has more comments but gave no cursor to read them"
                )
            }
        }
        return (comments, users)
    }

    /// `GET /api/v2/tickets/show_many.json` (at most 100 ids): the tickets that can be shown.
    public func showTickets(ids: [Int64]) async throws -> [ZendeskTicket] {
        precondition(ids.count <= 100, "show_many takes at most 100 ids")
        return try await call(
            url: "\(baseURL)/api/v2/tickets/show_many.json?ids=\(ids.map(String.init).joined(separator: ","))",
            endpoint: "GET /api/v2/tickets/show_many",
            budget: planBudget
        ) { response in
            try ZendeskPageReading.showMany(response.body, key: "tickets", ZendeskTicket.init(reading:))
        }
    }

    /// `GET /api/v2/users/show_many.json` (at most 100 ids).
    public func showUsers(ids: [Int64]) async throws -> [ZendeskUser] {
        precondition(ids.count <= 100, "show_many takes at most 100 ids")
        return try await call(
            url: "\(baseURL)/api/v2/users/show_many.json?ids=\(ids.map(String.init).joined(separator: ","))",
            endpoint: "GET /api/v2/users/show_many",
            budget: planBudget
        ) { response in
            try ZendeskPageReading.showMany(response.body, key: "users", ZendeskUser.init(reading:))
        }
    }

    private func call<Result: Sendable>(
        url: String,
        endpoint: String,
        budget: RequestBudget,
        decode: @escaping @Sendable (RESTResponse) throws -> Result
    ) async throws -> Result {
        do {
            // Every request counts in the plan limit, exports too.
            return try await rest.send(
                url: url,
                headers: headers,
                endpoint: endpoint,
                budget: budget,
                alsoCounting: budget === planBudget ? [] : [planBudget],
                decode: decode
            )
        } catch let error as APIError {
            throw ingestError(for: error)
        }
    }

    /// The secret the client's credential came from.
    var secretName: String { usesAPIToken ? Self.apiTokenSecretName : Self.accessTokenSecretName }

    /// Turns an API failure into what the operator must do about it.
    func ingestError(for error: APIError) -> IngestError {
        let said = [error.code, error.message].compactMap { $0 }.joined(separator: ": ")
        let words = said.isEmpty ? "" : " \(said)"
        let store = "`ingest secrets set --tenant-id \(tenantID) --name \(secretName)`"
        switch error.status {
        case 401?:
            return IngestError(
                .unauthorized,
                "Zendesk rejected the \(usesAPIToken ? "API token" : "access token") for tenant \(tenantID) "
                    + "(401\(words)): store a new one with \(store)"
            )
        case 403?:
            return IngestError(
                .forbidden,
                "Zendesk refused access for tenant \(tenantID) (403\(words)) on \(error.endpoint): the incremental "
                    + "export needs an admin's token (an agent's is refused), and an OAuth token needs the read "
                    + "scope (or tickets:read and users:read); store an admin's token with \(store)"
            )
        case 404?:
            return IngestError(.notFound, error.description)
        case 400?, 409?, 422?:
            return IngestError(
                .configuration,
                "Zendesk refused the request for tenant \(tenantID): \(error.description)"
            )
        default:
            return IngestError(.transient, "Zendesk request for tenant \(tenantID) failed: \(error.description)")
        }
    }
}

/// A Zendesk page did not have the expected shape.
struct ZendeskPageError: Error, CustomStringConvertible {
    var what: String
    var description: String { "the response has no \(what) list" }
}
