import Foundation
import IngestCore
import IntercomConnector
import Testing

@Suite("Intercom backfill config validation")
struct ConfigValidationTests {
    let tenant: TenantID

    init() throws {
        tenant = try TenantID("acme")
    }

    func validate(_ json: String) throws -> IntercomConversationsBackfillConfig {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        return try IntercomConversationsBackfillConfig.validate(tenantID: tenant, fields: value.objectValue ?? [:])
    }

    @Test func defaults() throws {
        let config = try validate("{}")
        #expect(config == IntercomConversationsBackfillConfig(tenantID: tenant))
        #expect(config.perPage == 150)
        #expect(config.order == .desc)
        #expect(config.conversationIDs == nil)
    }

    @Test func everyField() throws {
        let config = try validate(
            #"{"conversation_ids":["123",456],"per_page":1,"order":"asc","max_pages":2,"max_conversations":3,"region":"eu"}"#
        )
        #expect(config.conversationIDs == ["123", "456"])
        #expect(config.perPage == 1)
        #expect(config.order == .asc)
        #expect(config.maxPages == 2)
        #expect(config.maxConversations == 3)
        #expect(config.region == .eu)
        #expect(
            try validate(#"{"starting_after":"WzE3MzQ1MzcwMDAsIjEyMyJd","per_page":150}"#).startingAfter
                == "WzE3MzQ1MzcwMDAsIjEyMyJd"
        )
        #expect(
            try validate(#"{"starting_after":null,"max_pages":null}"#)
                == IntercomConversationsBackfillConfig(tenantID: tenant)
        )
    }

    @Test(arguments: [
        (#"{"per_page":0}"#, "per_page", "from 1 to 150"),
        (#"{"per_page":151}"#, "per_page", "from 1 to 150"),
        (#"{"per_page":-5}"#, "per_page", "from 1 to 150"),
        (#"{"per_page":"100"}"#, "per_page", "got a string"),
        (#"{"per_page":10.5}"#, "per_page", "whole number"),
        (#"{"per_page":true}"#, "per_page", "got a boolean"),
        (#"{"order":"newest"}"#, "order", #""asc" or "desc""#),
        (#"{"order":1}"#, "order", "got a number"),
        (#"{"conversation_ids":[]}"#, "conversation_ids", "empty list"),
        (#"{"conversation_ids":"123"}"#, "conversation_ids", "list of ids"),
        (#"{"conversation_ids":[""]}"#, "conversation_ids[0]", "Intercom conversation ids"),
        (#"{"conversation_ids":["1","../admins"]}"#, "conversation_ids[1]", "Intercom conversation ids"),
        (#"{"conversation_ids":["1",null]}"#, "conversation_ids[1]", "got null"),
        (#"{"conversation_ids":[1.5]}"#, "conversation_ids[0]", "1.5"),
        (#"{"conversation_ids":[{"id":"1"}]}"#, "conversation_ids[0]", "got an object"),
        (#"{"starting_after":""}"#, "starting_after", "empty string"),
        (#"{"starting_after":42}"#, "starting_after", "must be a string"),
        (#"{"starting_after":"abc","conversation_ids":["1"]}"#, "starting_after", "cannot be combined"),
        (#"{"max_pages":0}"#, "max_pages", "at least 1"),
        (#"{"max_pages":"2"}"#, "max_pages", "got a string"),
        (#"{"max_conversations":0}"#, "max_conversations", "at least 1"),
        (#"{"max_conversations":-1}"#, "max_conversations", "at least 1"),
        (#"{"region":"mars"}"#, "region", #""us" or "eu" or "au""#),
        (#"{"perpage":10}"#, "perpage", "not a known field"),
        (#"{"per_page":10,"extra":true,"more":1}"#, "extra", "also unknown: more"),
    ])
    func invalidFieldIsNamedWithWhatIsAllowed(json: String, field: String, explanation: String) {
        #expect {
            try validate(json)
        } throws: { error in
            guard let error = error as? ConfigValidationError else { return false }
            return error.field == field && error.problem.contains(explanation)
        }
    }

    @Test func tooManyIDsForOneJob() throws {
        let ids = (0...IntercomConversationsBackfillConfig.maxConversationIDs).map { "\"\($0)\"" }.joined(
            separator: ","
        )
        #expect(throws: ConfigValidationError.self) { try validate("{\"conversation_ids\":[\(ids)]}") }
    }

    @Test func fieldsRoundTripThroughTheJobMessage() throws {
        let config = IntercomConversationsBackfillConfig(
            tenantID: tenant,
            conversationIDs: ["1", "2"],
            perPage: 50,
            order: .asc,
            maxPages: 4,
            maxConversations: 9,
            region: .au
        )
        let job = IngestJob(config: config)
        let decoded = try IngestJob.decode(job.encode())
        #expect(
            try IntercomConversationsBackfillConfig.validate(tenantID: decoded.tenantID, fields: decoded.configFields)
                == config
        )
        #expect(decoded.source == "intercom_api_conversations_backfill")
    }

    @Test func theDesignMessageValidates() throws {
        let body =
            #"{"source": "intercom_api_conversations_backfill", "tenant_id": "acme", "job_id": "3f2a", "conversation_ids": ["123", "456"], "per_page": 150, "order": "desc", "starting_after": null, "max_pages": null, "max_conversations": 200}"#
        let job = try IngestJob.decode(Data(body.utf8))
        let config = try IntercomConversationsBackfillConfig.validate(tenantID: job.tenantID, fields: job.configFields)
        #expect(config.conversationIDs == ["123", "456"])
        #expect(config.maxConversations == 200)
        // And it encodes back to the same fields.
        #expect(JSONValue.object(config.fields) == JSONValue.object(job.configFields))
    }
}
