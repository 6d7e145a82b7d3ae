public import Foundation
public import IngestCore
public import IngestHTTP
public import Logging

/// Intercom's REST API for one tenant: bearer token from the secret store, pinned API version,
/// `Accept: application/json`, and every call through the shared REST layer (budget, retries,
/// deadlines, redacted logging).
public struct IntercomClient: Sendable {
    /// The secret name under which each tenant's token is stored.
    public static let tokenSecretName = "intercom_access_token"
    public static let defaultVersion = "2.16"

    public let tenantID: TenantID
    public let baseURL: String
    public let version: String
    let token: Secret
    let rest: RESTClient
    let budget: RequestBudget

    public init(
        tenantID: TenantID,
        token: Secret,
        baseURL: String,
        version: String = defaultVersion,
        rest: RESTClient,
        budget: RequestBudget
    ) {
        self.tenantID = tenantID
        self.token = token
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.version = version
        self.rest = rest
        self.budget = budget
    }

    /// A client for `tenantID`: loads the token, picks the host (`INTERCOM_BASE_URL`, else the
    /// region's) and the workspace's shared request budget.
    public static func make(
        tenantID: TenantID,
        region: IntercomRegion?,
        secrets: any SecretStore,
        environment: ConnectorEnvironment,
        logger: Logger
    ) async throws -> IntercomClient {
        let token: Secret
        do {
            token = try await secrets.secret(named: tokenSecretName, tenantID: tenantID)
        } catch let error as SecretError where error.code == .notFound {
            throw IngestError(
                .configuration,
                "no Intercom access token for tenant \(tenantID): \(error.message). Store one with "
                    + "`ingest secrets set --tenant-id \(tenantID) --name \(tokenSecretName)`"
            )
        }
        let baseURL =
            environment.variables["INTERCOM_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (region ?? .us).apiBaseURL
        let version = environment.variables["INTERCOM_API_VERSION"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultVersion
        return IntercomClient(
            tenantID: tenantID,
            token: token,
            baseURL: baseURL,
            version: version,
            rest: environment.restClient(logger: logger),
            budget: environment.budgets.budget(host: baseURL, token: token.value)
        )
    }

    var headers: [(String, String)] {
        [
            ("Authorization", "Bearer \(token.value)"),
            ("Accept", "application/json"),
            ("Intercom-Version", version),
        ]
    }

    /// `GET /me`: the admin and workspace behind the token.
    public func getMe() async throws -> IntercomAdmin {
        try await call(path: "/me", endpoint: "GET /me") { response in
            try JSONDecoder().decode(IntercomAdmin.self, from: response.body)
        }
    }

    /// `GET /conversations`: one page of conversation ids (list items have no parts).
    public func getConversations(
        perPage: Int,
        startingAfter: String?,
        order: IntercomConversationsBackfillConfig.Order
    ) async throws -> IntercomConversationList {
        var query = "per_page=\(perPage)"
        if order != .desc { query += "&order=\(order.rawValue)" }
        if let startingAfter { query += "&starting_after=\(RESTClient.percentEncoded(startingAfter))" }
        return try await call(path: "/conversations?\(query)", endpoint: "GET /conversations") { response in
            try IntercomConversationList(json: response.body)
        }
    }

    /// `GET /conversations/{id}`: the full conversation with its raw JSON, or nil when Intercom
    /// answers 404 (deleted or never existed).
    public func getConversation(id: String) async throws -> (conversation: IntercomConversation, raw: Data)? {
        do {
            return try await call(
                path: "/conversations/\(RESTClient.percentEncoded(id))",
                endpoint: "GET /conversations/{id}"
            ) { response in
                (try IntercomConversation(json: response.body), response.body)
            }
        } catch let error as IngestError where error.code == .notFound {
            return nil
        }
    }

    /// `POST /conversations/search` for conversations with `updated_at` > `updatedAfter`, sorted by
    /// `updated_at` ascending (best-effort on Intercom), `perPage` at a time.
    public func searchConversations(
        updatedAfter: Int64,
        perPage: Int,
        startingAfter: String?
    ) async throws -> IntercomSearchPage {
        var pagination: [String: JSONValue] = ["per_page": .number(Double(perPage))]
        if let startingAfter { pagination["starting_after"] = .string(startingAfter) }
        let body: JSONValue = [
            "query": ["field": "updated_at", "operator": ">", "value": .number(Double(updatedAfter))],
            "pagination": .object(pagination),
            "sort": ["field": "updated_at", "order": "ascending"],
        ]
        return try await call(
            method: "POST",
            path: "/conversations/search",
            body: body.canonicalData,
            endpoint: "POST /conversations/search"
        ) { response in
            try IntercomSearchPage(json: response.body)
        }
    }

    /// `GET /conversations/deleted` (2.16+), newest deletion first, page `page` (from 1).
    public func getDeletedConversations(page: Int, perPage: Int) async throws -> IntercomDeletedPage {
        try await call(
            path: "/conversations/deleted?order=desc&page=\(page)&per_page=\(perPage)",
            endpoint: "GET /conversations/deleted"
        ) { response in
            try JSONDecoder().decode(IntercomDeletedPage.self, from: response.body)
        }
    }

    private func call<Result: Sendable>(
        method: String = "GET",
        path: String,
        body: Data? = nil,
        endpoint: String,
        decode: @escaping @Sendable (RESTResponse) throws -> Result
    ) async throws -> Result {
        do {
            return try await rest.send(
                method: method,
                url: baseURL + path,
                headers: body == nil ? headers : headers + [("Content-Type", "application/json")],
                body: body,
                endpoint: endpoint,
                budget: budget,
                decode: decode
            )
        } catch let error as APIError {
            throw ingestError(for: error)
        }
    }

    /// Turns an API failure into what the operator must do about it.
    func ingestError(for error: APIError) -> IngestError {
        let code = error.code.map { " \($0)" } ?? ""
        switch error.status {
        case 401?:
            return IngestError(
                .unauthorized,
                "Intercom rejected the access token for tenant \(tenantID) (401\(code)): store a new token with "
                    + "`ingest secrets set --tenant-id \(tenantID) --name \(Self.tokenSecretName)`"
            )
        case 403?:
            return IngestError(
                .forbidden,
                "Intercom refused access for tenant \(tenantID) (403\(code)\(error.message.map { ": \($0)" } ?? "")): "
                    + "the token needs the read_conversations scope and an active Intercom plan"
            )
        case 404?:
            return IngestError(.notFound, error.description)
        case 400?, 406?, 409?, 422?:
            return IngestError(
                .configuration,
                "Intercom refused the request for tenant \(tenantID): \(error.description)"
            )
        default:
            return IngestError(.transient, "Intercom request for tenant \(tenantID) failed: \(error.description)")
        }
    }
}
