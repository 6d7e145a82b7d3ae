import Foundation
import IngestCore
import Testing

@Suite("Splitting id lists over several jobs")
struct IngestJobSplittingTests {
    func job(ids: Int, idLength: Int = 8) throws -> IngestJob {
        let list = (0..<ids).map {
            JSONValue.string(String(repeating: "9", count: idLength - String($0).count) + String($0))
        }
        return IngestJob(
            source: "intercom_api_conversations_backfill",
            tenantID: try TenantID("acme"),
            jobID: .random(),
            configFields: ["conversation_ids": .array(list), "per_page": 150]
        )
    }

    @Test func aJobThatFitsIsKept() throws {
        let original = try job(ids: 10)
        #expect(try original.splitting(field: "conversation_ids", maxItems: 100, maxBytes: 262_144) == [original])
    }

    @Test func tooManyIDsAreSplitByCountKeepingOrder() throws {
        let original = try job(ids: 25_000)
        let parts = try original.splitting(field: "conversation_ids", maxItems: 10_000, maxBytes: 1 << 20)
        #expect(parts.map { $0.configFields["conversation_ids"]?.arrayValue?.count } == [10_000, 10_000, 5_000])
        #expect(
            parts.flatMap { $0.configFields["conversation_ids"]?.arrayValue ?? [] }
                == original.configFields["conversation_ids"]?.arrayValue
        )
        #expect(Set(parts.map(\.jobID)).count == 3)
        #expect(parts[0].jobID == original.jobID)
        #expect(parts.allSatisfy { $0.configFields["per_page"] == 150 && $0.tenantID == original.tenantID })
    }

    @Test func tooManyBytesAreSplitUnderTheLimit() throws {
        let original = try job(ids: 9_000, idLength: 40)
        #expect(original.encode().count > 262_144)
        let parts = try original.splitting(field: "conversation_ids", maxItems: 10_000, maxBytes: 262_144)
        #expect(parts.count >= 2)
        #expect(parts.allSatisfy { $0.encode().count <= 262_144 })
        #expect(parts.reduce(0) { $0 + ($1.configFields["conversation_ids"]?.arrayValue?.count ?? 0) } == 9_000)
    }

    @Test func aJobTooLargeEvenAloneIsRefused() throws {
        let huge = IngestJob(
            source: "s",
            tenantID: try TenantID("acme"),
            jobID: .random(),
            configFields: ["starting_after": .string(String(repeating: "x", count: 2_000))]
        )
        #expect(throws: ConfigValidationError.self) {
            try huge.splitting(field: "conversation_ids", maxItems: 10, maxBytes: 1_024)
        }
    }
}
