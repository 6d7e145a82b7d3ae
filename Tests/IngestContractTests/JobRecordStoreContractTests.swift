import Foundation
import IngestCore
import Testing

@Suite("JobRecordStore contract", .timeLimit(.minutes(10)))
struct JobRecordStoreContractTests {
    let acme = try! TenantID("acme")
    let other = try! TenantID("other")

    func record(_ tenant: TenantID, createdAt: TimeInterval, config: [String: JSONValue] = [:]) -> JobRecord {
        JobRecord(
            jobID: .random(),
            tenantID: tenant,
            source: "intercom_api_conversations_backfill",
            config: config,
            status: .queued,
            createdAt: Date(timeIntervalSince1970: createdAt),
            updatedAt: Date(timeIntervalSince1970: createdAt)
        )
    }

    @Test(arguments: StoreBackend.allCases)
    func creatingTwiceLeavesTheFirstRecord(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            let first = record(acme, createdAt: 1, config: ["per_page": 10])
            try await stores.jobRecords.createJob(first)
            var second = first
            second.status = .running
            second.config = ["per_page": 99]
            try await stores.jobRecords.createJob(second)
            #expect(try await stores.jobRecords.job(first.jobID) == first)
            #expect(try await stores.jobRecords.job(.random()) == nil)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func updatesReplaceTheStatusAndCounts(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            let first = record(
                acme,
                createdAt: 1_700_000_000,
                config: ["per_page": 10, "conversation_ids": ["1", "2"]]
            )
            try await stores.jobRecords.createJob(first)
            var updated = first
            updated.status = .failed
            updated.counts = JobCounts(pages: 2, stored: 5, updated: 1, unchanged: 2, missing: 1, failed: 3)
            updated.expectedTotal = 120
            updated.error = "Intercom rejected the access token for tenant acme (401 unauthorized)"
            updated.attempts = 2
            updated.startedAt = Date(timeIntervalSince1970: 1_700_000_010)
            updated.finishedAt = Date(timeIntervalSince1970: 1_700_000_020)
            updated.updatedAt = Date(timeIntervalSince1970: 1_700_000_020)
            try await stores.jobRecords.updateJob(updated)
            #expect(try await stores.jobRecords.job(first.jobID) == updated)
            try await stores.jobRecords.createJob(first)  // creating again leaves the record alone
            #expect(try await stores.jobRecords.job(first.jobID) == updated)

            // An update of a record that was never created creates it.
            let unseen = record(other, createdAt: 3)
            try await stores.jobRecords.updateJob(unseen)
            #expect(try await stores.jobRecords.job(unseen.jobID) == unseen)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func listsByTenantNewestFirst(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            let old = record(acme, createdAt: 1)
            let middle = record(other, createdAt: 2)
            let new = record(acme, createdAt: 3)
            for job in [middle, new, old] { try await stores.jobRecords.createJob(job) }
            #expect(try await stores.jobRecords.jobs(tenantID: acme, limit: 10).map(\.jobID) == [new.jobID, old.jobID])
            #expect(
                try await stores.jobRecords.jobs(tenantID: nil, limit: 10).map(\.jobID)
                    == [new.jobID, middle.jobID, old.jobID]
            )
            #expect(
                try await stores.jobRecords.jobs(tenantID: nil, limit: 2).map(\.jobID) == [new.jobID, middle.jobID]
            )
            #expect(try await stores.jobRecords.jobs(tenantID: TenantID("nobody"), limit: 10).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func itemIssuesAreRecordedPerJob(backend: StoreBackend) async throws {
        try await backend.withStores { stores in
            let first = record(acme, createdAt: 1)
            let second = record(acme, createdAt: 2)
            try await stores.jobRecords.createJob(first)
            try await stores.jobRecords.createJob(second)
            try await stores.jobRecords.recordItemIssues([
                JobItemIssue(jobID: first.jobID, externalID: "9", kind: .missing, reason: "404"),
                JobItemIssue(jobID: first.jobID, externalID: "7", kind: .failed, reason: "500 after 6 attempts"),
                JobItemIssue(jobID: first.jobID, externalID: "8", kind: .failed, reason: "timeout"),
            ])
            // Recording an item again replaces its issue; an empty list is fine.
            try await stores.jobRecords.recordItemIssues([
                JobItemIssue(jobID: first.jobID, externalID: "8", kind: .failed, reason: "first"),
                JobItemIssue(jobID: first.jobID, externalID: "8", kind: .missing, reason: "gone since"),
            ])
            try await stores.jobRecords.recordItemIssues([])
            let issues = try await stores.jobRecords.itemIssues(jobID: first.jobID, limit: 10)
            #expect(issues.map(\.externalID) == ["7", "8", "9"])
            #expect(issues.map(\.kind) == [.failed, .missing, .missing])
            #expect(issues[1].reason == "gone since")
            #expect(try await stores.jobRecords.itemIssues(jobID: first.jobID, limit: 2).count == 2)
            #expect(try await stores.jobRecords.itemIssues(jobID: second.jobID, limit: 10).isEmpty)
        }
    }
}
