public import IngestCore
public import IngestHTTP

/// What every Intercom extractor shares: a client for the job's tenant, the inbox link base, and
/// fetching one conversation into an artifact (or a missing or failed item) — the guide's
/// `IntercomExtractor` base.
public protocol IntercomExtractor: Sendable {
    var environment: ConnectorEnvironment { get }
    /// Conversations retrieved at once (within the workspace's request budget).
    var fetchConcurrency: Int { get }
}

extension IntercomExtractor {
    /// A client for the job's tenant (token from the secret store).
    public func intercomClient(region: IntercomRegion?, context: JobContext) async throws -> IntercomClient {
        try await IntercomClient.make(
            tenantID: context.tenantID,
            region: region,
            secrets: context.secrets,
            environment: environment,
            logger: context.logger
        )
    }

    /// `https://app.intercom.com/a/inbox/<workspace id>` for conversation links, read from `GET /me`.
    /// Also the job's first call, so a bad token fails the job before any work.
    public func inboxBaseURL(client: IntercomClient, region: IntercomRegion?) async throws -> String? {
        let admin = try await client.getMe()
        guard let app = admin.appIDCode, IntercomConversationsBackfillConfig.isValidConversationID(app) else {
            return nil
        }
        return "\((region ?? .us).appBaseURL)/a/inbox/\(app)"
    }
}
