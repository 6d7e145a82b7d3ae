public import Foundation

/// One typed document built by an extractor: metadata for filtering and display, text content for
/// the search index, and the raw source payload for anything the mapping did not keep.
///
/// Artifacts are identified by ``key`` (tenant, source, kind, external id). The ``contentHash`` covers
/// everything a reader sees (not `updatedAt` nor the raw payload), so a re-fetch that changed
/// nothing visible is skipped without a write.
public struct Artifact: Sendable, Equatable {
    public var tenantID: TenantID
    public var source: DocumentSource
    /// What the artifact is within its source, e.g. `conversation`.
    public var kind: String
    /// The id in the source system.
    public var externalID: String
    public var title: String
    /// A link that opens the item in the source's own UI.
    public var url: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var authors: [ArtifactAuthor]
    public var tags: [String]
    /// Source-specific state, e.g. `open`, `closed`.
    public var state: String?
    /// The readable text indexed for search and written by export.
    public var content: String
    /// Extra structured data (counts, ids, flags) kept with the artifact.
    public var metadata: [String: JSONValue]
    /// The source's JSON exactly as received.
    public var rawPayload: Data
    /// SHA-256 (hex) of the visible fields; see ``Artifact/computeContentHash()``.
    public private(set) var contentHash: String

    public init(
        tenantID: TenantID,
        source: DocumentSource,
        kind: String,
        externalID: String,
        title: String,
        url: String?,
        createdAt: Date,
        updatedAt: Date,
        authors: [ArtifactAuthor],
        tags: [String],
        state: String?,
        content: String,
        metadata: [String: JSONValue],
        rawPayload: Data
    ) {
        self.tenantID = tenantID
        self.source = source
        self.kind = kind
        self.externalID = externalID
        self.title = title
        self.url = url
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.authors = authors
        self.tags = tags
        self.state = state
        self.content = content
        self.metadata = metadata
        self.rawPayload = rawPayload
        self.contentHash = ""
        self.contentHash = computeContentHash()
    }

    /// Recomputes ``contentHash`` after fields were changed in place.
    public mutating func refreshContentHash() {
        contentHash = computeContentHash()
    }

    public var key: ArtifactKey {
        ArtifactKey(tenantID: tenantID, source: source, kind: kind, externalID: externalID)
    }
}

/// The identity of an artifact: upserts replace the artifact with the same key.
public struct ArtifactKey: Sendable, Hashable {
    public var tenantID: TenantID
    public var source: DocumentSource
    public var kind: String
    public var externalID: String

    public init(tenantID: TenantID, source: DocumentSource, kind: String, externalID: String) {
        self.tenantID = tenantID
        self.source = source
        self.kind = kind
        self.externalID = externalID
    }
}

/// Someone who wrote part of an artifact.
public struct ArtifactAuthor: Sendable, Hashable, Codable {
    public var id: String?
    public var name: String?
    public var email: String?
    /// The author's role in the source, e.g. `user`, `admin`, `bot`.
    public var role: String?

    public init(id: String?, name: String?, email: String?, role: String?) {
        self.id = id
        self.name = name
        self.email = email
        self.role = role
    }

    var jsonValue: JSONValue {
        .object([
            "id": id.map(JSONValue.string) ?? .null,
            "name": name.map(JSONValue.string) ?? .null,
            "email": email.map(JSONValue.string) ?? .null,
            "role": role.map(JSONValue.string) ?? .null,
        ])
    }

    /// `authors` as the stores' `authors` column holds them: a JSON array of objects with the fields
    /// that are set, keys sorted; `JSONDecoder` reads it back as `[ArtifactAuthor]`. (Written for every
    /// artifact stored: `JSONEncoder` cost more than the rest of flattening an artifact to columns.)
    public static func columnJSON(_ authors: [ArtifactAuthor]) -> String {
        JSONValue.array(
            authors.map { author in
                var object: [String: JSONValue] = [:]
                object.reserveCapacity(4)
                if let id = author.id { object["id"] = .string(id) }
                if let name = author.name { object["name"] = .string(name) }
                if let email = author.email { object["email"] = .string(email) }
                if let role = author.role { object["role"] = .string(role) }
                return .object(object)
            }
        ).canonicalString
    }
}
