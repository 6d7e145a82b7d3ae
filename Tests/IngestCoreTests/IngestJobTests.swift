import Foundation
import IngestCore
import Testing

@Suite("Job message wire format")
struct IngestJobTests {
    /// The message of DESIGN §2, as the Python pipeline writes it.
    static let designJSON = """
        {"source": "intercom_api_conversations_backfill", "tenant_id": "acme", "job_id": "3f2a9c1e-0000-4000-8000-000000000001",
         "conversation_ids": ["123", "456"], "per_page": 150, "order": "desc",
         "starting_after": null, "max_pages": null, "max_conversations": 200}
        """

    @Test func decodesTheDesignMessage() throws {
        let job = try IngestJob.decode(Data(Self.designJSON.utf8))
        #expect(job.source == "intercom_api_conversations_backfill")
        #expect(job.tenantID.rawValue == "acme")
        #expect(job.jobID.rawValue == "3f2a9c1e-0000-4000-8000-000000000001")
        #expect(job.configFields["conversation_ids"] == ["123", "456"])
        #expect(job.configFields["per_page"] == 150)
        #expect(job.configFields["starting_after"] == .null)
        #expect(job.configFields["max_conversations"] == 200)
        #expect(job.configFields["source"] == nil)
    }

    @Test func roundTripKeepsEveryKeyAndValue() throws {
        let original = try JSONDecoder().decode(JSONValue.self, from: Data(Self.designJSON.utf8))
        let job = try IngestJob.decode(Data(Self.designJSON.utf8))
        let encoded = job.encode()
        let reparsed = try JSONDecoder().decode(JSONValue.self, from: encoded)
        #expect(reparsed == original)
        // Flat, snake_case, integers written as integers.
        let text = String(decoding: encoded, as: UTF8.self)
        #expect(text.contains("\"per_page\":150"))
        #expect(text.contains("\"starting_after\":null"))
        #expect(!text.contains("150.0"))
        #expect(try IngestJob.decode(encoded) == job)
    }

    @Test func aMessageWithoutJobIDGetsOne() throws {
        let job = try IngestJob.decode(Data(#"{"source":"x","tenant_id":"acme"}"#.utf8))
        #expect(!job.jobID.rawValue.isEmpty)
    }

    @Test(arguments: [
        ("not json", "(message)"),
        ("[1,2]", "(message)"),
        (#"{"tenant_id":"acme"}"#, "source"),
        (#"{"source":"","tenant_id":"acme"}"#, "source"),
        (#"{"source":7,"tenant_id":"acme"}"#, "source"),
        (#"{"source":"x"}"#, "tenant_id"),
        (#"{"source":"x","tenant_id":""}"#, "tenant_id"),
        (#"{"source":"x","tenant_id":5}"#, "tenant_id"),
        (#"{"source":"x","tenant_id":"../etc"}"#, "tenant_id"),
        (#"{"source":"x","tenant_id":"acme","job_id":12}"#, "job_id"),
        (#"{"source":"x","tenant_id":"acme","job_id":"has space"}"#, "job_id"),
    ])
    func invalidEnvelopeNamesTheField(body: String, field: String) {
        #expect {
            try IngestJob.decode(Data(body.utf8))
        } throws: { error in
            (error as? ConfigValidationError)?.field == field
        }
    }

    @Test func oversizedMessageIsRefused() {
        let body =
            Data(#"{"source":"x","tenant_id":"acme","pad":""#.utf8) + Data(repeating: 0x61, count: 300_000)
            + Data(#""}"#.utf8)
        #expect(throws: ConfigValidationError.self) { try IngestJob.decode(body) }
    }
}

@Suite("Tenant ids")
struct TenantIDTests {
    @Test(arguments: ["acme", "Acme-Corp_2", "a", "t.1", String(repeating: "x", count: 64)])
    func accepted(_ value: String) throws {
        #expect(try TenantID(value).rawValue == value)
    }

    @Test(arguments: [
        "", "-acme", ".hidden", "../etc/passwd", "acme/evil", "a b", "acme;rm -rf", "x'; DROP TABLE artifacts;--",
        "$(whoami)", "`id`", "acme\n", "tënant", String(repeating: "x", count: 65), "a|b", "a*b",
    ])
    func refused(_ value: String) {
        #expect {
            try TenantID(value)
        } throws: { error in
            guard let error = error as? ConfigValidationError else { return false }
            return error.field == "tenant_id" && error.problem.contains("allowed")
        }
    }
}
