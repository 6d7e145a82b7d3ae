/// What a job has done so far. Stored with every checkpoint and in the job record.
public struct JobCounts: Sendable, Hashable, Codable {
    /// API pages listed (fetch-all mode) or id batches processed (specific-ids mode).
    public var pages: Int = 0
    /// Items written for the first time.
    public var stored: Int = 0
    /// Items that existed and changed.
    public var updated: Int = 0
    /// Items fetched again with nothing changed (or older than what is stored): no write, no re-index.
    public var unchanged: Int = 0
    /// Ids that the API answered as not found (deleted) — not failures.
    public var missing: Int = 0
    /// Items that could not be fetched or mapped; see the job record's failures.
    public var failed: Int = 0
    /// Stored items removed because the source deleted them (incremental sync).
    public var deleted: Int = 0

    public init(
        pages: Int = 0,
        stored: Int = 0,
        updated: Int = 0,
        unchanged: Int = 0,
        missing: Int = 0,
        failed: Int = 0,
        deleted: Int = 0
    ) {
        self.pages = pages
        self.stored = stored
        self.updated = updated
        self.unchanged = unchanged
        self.missing = missing
        self.failed = failed
        self.deleted = deleted
    }

    private enum CodingKeys: String, CodingKey {
        case pages, stored, updated, unchanged, missing, failed, deleted
    }

    /// Reads counts written before a field existed (a missing field is 0).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func value(_ key: CodingKeys) throws -> Int { try container.decodeIfPresent(Int.self, forKey: key) ?? 0 }
        self.init(
            pages: try value(.pages),
            stored: try value(.stored),
            updated: try value(.updated),
            unchanged: try value(.unchanged),
            missing: try value(.missing),
            failed: try value(.failed),
            deleted: try value(.deleted)
        )
    }

    /// Items seen: stored + updated + unchanged + missing + failed + deleted.
    public var processed: Int { stored + updated + unchanged + missing + failed + deleted }

    public mutating func add(_ result: BatchStoreResult) {
        stored += result.inserted
        updated += result.updated
        unchanged += result.unchanged + result.stale
        deleted += result.deleted
    }
}
