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

/// The result of fetching one batch of conversation ids.
public struct IntercomBatch: Sendable {
    /// Artifacts in the order of the ids.
    public var artifacts: [Artifact] = []
    public var missing: [JobItemIssue] = []
    public var failed: [JobItemIssue] = []
}

/// What retrieving one conversation came to.
enum IntercomFetchOutcome: Sendable {
    case artifact(Artifact)
    case missing
    case failed(String)
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

    /// Retrieves one conversation and maps it to an artifact. A 404 is `missing`; a conversation
    /// that still fails after the REST layer's retries is `failed` with the reason; credential
    /// errors throw and fail the whole job.
    func fetchConversation(
        _ id: String,
        client: IntercomClient,
        inbox inboxBaseURL: String?,
        context: JobContext
    ) async throws -> IntercomFetchOutcome {
        do {
            guard let (conversation, raw) = try await client.getConversation(id: id) else { return .missing }
            return .artifact(
                conversation.artifact(tenantID: context.tenantID, rawPayload: raw, inboxBaseURL: inboxBaseURL)
            )
        } catch let error as IngestError where error.code == .transient || error.code == .configuration {
            return .failed(error.message)
        }
    }
}

extension IntercomBatch {
    /// The artifacts, missing and failed ids of a batch whose `outcomes` line up with `ids`.
    init(ids: [String], outcomes: [IntercomFetchOutcome?], jobID: JobID) {
        for (position, outcome) in outcomes.enumerated() {
            switch outcome {
            case .artifact(let artifact)?: artifacts.append(artifact)
            case .missing?:
                missing.append(
                    JobItemIssue(
                        jobID: jobID,
                        externalID: ids[position],
                        kind: .missing,
                        reason: "Intercom answered 404: the conversation was deleted or never existed"
                    )
                )
            case .failed(let reason)?:
                failed.append(JobItemIssue(jobID: jobID, externalID: ids[position], kind: .failed, reason: reason))
            case nil: break
            }
        }
    }
}
