import Foundation
import IngestCore
import IngestPostgres
import IngestTestSupport
import Logging
import PostgresNIO
import Testing

/// What only the PostgreSQL stores need to show; the behaviour they share with SQLite is in
/// IngestContractTests.
@Suite("PostgreSQL stores", .timeLimit(.minutes(10)))
struct PostgresStoresTests {
    let acme = try! TenantID("acme")

    @Test func aFailureInsideTheBatchRollsEverythingBack() async throws {
        try await TestPostgres.withFreshSchema { database in
            let store = PostgresArtifactStore(database: database)
            let checkpoints = PostgresCheckpointStore(database: database)
            try await store.storeArtifactsBatch([makeArtifact(id: "1")])
            // Fail the insert of one artifact, after the others of its batch were written, as a full disk would.
            for statement in [
                """
                CREATE FUNCTION fail_boom() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.external_id = 'boom' THEN RAISE EXCEPTION 'disk full'; END IF;
                    RETURN NEW;
                END $$
                """,
                "CREATE TRIGGER fail_boom BEFORE INSERT ON artifacts FOR EACH ROW EXECUTE FUNCTION fail_boom()",
            ] {
                try await database.client.query(PostgresQuery(unsafeSQL: statement))
            }
            let jobID = JobID.random()
            let tenant = acme
            let error = try await #require(throws: PostgresStorageError.self) {
                try await store.storeArtifactsBatch([
                    makeArtifact(id: "1", content: "changed", updatedAt: 3_000),
                    makeArtifact(id: "2", title: "secret title"),
                    makeArtifact(id: "boom"),
                ]) { _ in
                    Checkpoint(
                        jobID: jobID,
                        tenantID: tenant,
                        source: "s",
                        cursor: "c",
                        position: 0,
                        counts: JobCounts(),
                        finished: false
                    )
                }
            }
            #expect(error.description.contains("disk full"), "\(error)")
            #expect(error.description.contains("store a batch of artifacts"), "\(error)")
            #expect(!error.description.contains("secret title"))
            #expect(try await checkpoints.checkpoint(jobID: jobID, tenantID: acme) == nil)
            #expect(try await store.countArtifacts(tenantID: acme, source: .intercom) == 1)
            #expect(try await store.artifact(makeArtifact(id: "1").key)?.content == "hello")
        }
    }

    @Test func nulCharactersAreDroppedNotRefused() async throws {
        try await TestPostgres.withFreshSchema { database in
            let store = PostgresArtifactStore(database: database)
            let index = PostgresSearchIndex(database: database)
            try await store.storeArtifactsBatch([
                makeArtifact(id: "1", title: "Nul\u{0}title", content: "before\u{0}after refund")
            ])
            let stored = try #require(try await store.artifact(makeArtifact(id: "1").key))
            #expect(stored.title == "Nultitle")
            #expect(stored.content == "beforeafter refund")
            // Indexed as it was stored: nothing is left for the trigger.
            #expect(try await index.triggerIndexing(tenantID: acme, source: .intercom) == 0)
            #expect(try await index.search(tenantID: acme, query: "refund\u{0}", limit: 5).map(\.externalID) == ["1"])
            // Stored under the hash of what was sent, so sending it again is unchanged.
            #expect(
                try await store.storeArtifactsBatch([
                    makeArtifact(id: "1", title: "Nul\u{0}title", content: "before\u{0}after refund")
                ]) == BatchStoreResult(unchanged: 1)
            )
        }
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity, 1e15, -1e15])
    func timesPostgreSQLCannotHoldAreRefused(seconds: Double) async throws {
        try await TestPostgres.withFreshSchema { database in
            let store = PostgresArtifactStore(database: database)
            let error = try await #require(throws: PostgresStorageError.self) {
                try await store.storeArtifactsBatch([makeArtifact(id: "1", updatedAt: seconds)])
            }
            #expect(error.code == .invalidValue)
            #expect(error.description.contains("updated_at"))
            #expect(try await store.countArtifacts(tenantID: acme, source: .intercom) == 0)
        }
    }

    @Test func subMicrosecondTimesStillCompareEqual() async throws {
        try await TestPostgres.withFreshSchema { database in
            let store = PostgresArtifactStore(database: database)
            let time = 1_700_000_000.123_456_789
            try await store.storeArtifactsBatch([makeArtifact(id: "1", updatedAt: time)])
            let again = try await store.storeArtifactsBatch([makeArtifact(id: "1", updatedAt: time)])
            #expect(again == BatchStoreResult(unchanged: 1))
            let changed = try await store.storeArtifactsBatch([makeArtifact(id: "1", content: "new", updatedAt: time)])
            #expect(changed == BatchStoreResult(updated: 1))
        }
    }

    @Test func hugeContentIsIndexedUpToALimit() async throws {
        try await TestPostgres.withFreshSchema { database in
            let store = PostgresArtifactStore(database: database)
            let index = PostgresSearchIndex(database: database)
            // Many distinct words: more than a tsvector could hold if all of it were indexed.
            let words = (0..<150_000).map { "w\(String($0, radix: 36))x" }.joined(separator: " ")
            try await store.storeArtifactsBatch([makeArtifact(id: "1", content: "needle " + words)])
            // Indexed as it was stored: nothing is left for the trigger.
            #expect(try await index.triggerIndexing(tenantID: acme, source: .intercom) == 0)
            #expect(try await index.search(tenantID: acme, query: "needle", limit: 5).map(\.externalID) == ["1"])
            #expect(try await store.artifact(makeArtifact(id: "1").key)?.content.hasSuffix(words.suffix(20)) == true)
        }
    }

    @Test func stemmingFindsOtherFormsOfAWord() async throws {
        try await TestPostgres.withFreshSchema { database in
            let store = PostgresArtifactStore(database: database)
            let index = PostgresSearchIndex(database: database)
            try await store.storeArtifactsBatch([makeArtifact(id: "1", content: "We refunded the charges yesterday.")])
            try await index.triggerIndexing(tenantID: acme, source: .intercom)
            let hits = try await index.search(tenantID: acme, query: "refund charge", limit: 5)
            #expect(hits.map(\.externalID) == ["1"])
            #expect(hits.first?.snippet.contains("[refunded]") == true, "\(hits)")
        }
    }

    @Test func aLockedMessageIsSkippedNotWaitedFor() async throws {
        try await TestPostgres.withFreshSchema { database in
            let queue = PostgresJobQueue(database: database)
            let first = try await queue.send(Data("first".utf8))
            try await queue.send(Data("second".utf8))
            // Another consumer's receive holds the first message's row in an open transaction.
            try await database.client.withTransaction(logger: TestPostgres.logger) { connection in
                _ = try await connection.query(
                    "SELECT seq FROM queue_messages WHERE id = \(first) FOR UPDATE",
                    logger: TestPostgres.logger
                ).collect()
                let messages = try await queue.receive(maxMessages: 10, visibilityTimeout: .seconds(30), wait: .zero)
                #expect(messages.map { String(decoding: $0.body, as: UTF8.self) } == ["second"])
            }
            let rest = try await queue.receive(maxMessages: 10, visibilityTimeout: .seconds(30), wait: .zero)
            #expect(rest.map(\.id) == [first])
        }
    }

    @Test func aReceiptOnlyWorksOnItsOwnQueue() async throws {
        try await TestPostgres.withFreshSchema { database in
            let jobs = PostgresJobQueue(database: database)
            let other = PostgresJobQueue(database: database, name: "other")
            try await other.send(Data("x".utf8))
            let message = try #require(
                try await other.receive(maxMessages: 1, visibilityTimeout: .seconds(30), wait: .zero).first
            )
            await #expect(throws: QueueError.self) { try await jobs.delete(message) }
            try await other.delete(message)
        }
    }

    @Test func theDeadLetterReasonNamesTheCounts() async throws {
        try await TestPostgres.withFreshSchema { database in
            let queue = PostgresJobQueue(database: database, maxReceives: 2)
            try await queue.send(Data("poison".utf8))
            for _ in 0..<3 {
                _ = try await queue.receive(maxMessages: 1, visibilityTimeout: .zero, wait: .zero)
            }
            let letters = try await queue.deadLetters(limit: 5)
            #expect(letters.map(\.reason) == ["received 2 times without being deleted (maximum 2)"])
        }
    }
}

func makeArtifact(
    id: String,
    title: String = "A conversation",
    content: String = "hello",
    updatedAt: TimeInterval = 2_000
) throws -> Artifact {
    Artifact(
        tenantID: try TenantID("acme"),
        source: .intercom,
        kind: "conversation",
        externalID: id,
        title: title,
        url: nil,
        createdAt: Date(timeIntervalSince1970: 1_000),
        updatedAt: Date(timeIntervalSince1970: updatedAt),
        authors: [],
        tags: [],
        state: nil,
        content: content,
        metadata: [:],
        rawPayload: Data("{}".utf8)
    )
}
