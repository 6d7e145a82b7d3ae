import Foundation
import IngestCore

/// An artifact like the Intercom connector makes, with the fields tests vary.
func makeArtifact(
    tenant: String = "acme",
    source: DocumentSource = .intercom,
    id: String,
    title: String = "A conversation",
    content: String = "hello",
    updatedAt: TimeInterval = 2_000
) throws -> Artifact {
    Artifact(
        tenantID: try TenantID(tenant),
        source: source,
        kind: "conversation",
        externalID: id,
        title: title,
        url: "https://app.intercom.com/a/inbox/x/inbox/conversation/\(id)",
        createdAt: Date(timeIntervalSince1970: 1_000),
        updatedAt: Date(timeIntervalSince1970: updatedAt),
        authors: [ArtifactAuthor(id: "u1", name: "Ann", email: nil, role: "user")],
        tags: ["billing"],
        state: "open",
        content: content,
        metadata: ["part_count": 2],
        rawPayload: Data("{}".utf8)
    )
}

/// A checkpoint for `jobID` whose counts include `result`.
func makeCheckpoint(
    jobID: JobID,
    tenantID: TenantID,
    cursor: String?,
    result: BatchStoreResult = BatchStoreResult(),
    updatedAt: Date = Date(timeIntervalSince1970: 5_000)
) -> Checkpoint {
    var counts = JobCounts(pages: 1)
    counts.add(result)
    return Checkpoint(
        jobID: jobID,
        tenantID: tenantID,
        source: "intercom_api_conversations_backfill",
        cursor: cursor,
        position: 0,
        counts: counts,
        finished: false,
        updatedAt: updatedAt
    )
}
