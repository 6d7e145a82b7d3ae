import Foundation
import IngestCore
import Testing

@testable import IntercomConnector

/// Every example body of `shared/reference/intercom-conversation-examples.json` (Intercom 2.16).
@Suite("Decoding Intercom's published examples")
struct ExamplesDecodingTests {
    nonisolated(unsafe) static let examples: [String: Any] = {
        let url = Bundle.module.url(
            forResource: "intercom-conversation-examples",
            withExtension: "json",
            subdirectory: "Fixtures"
        )!
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }()

    static func body(_ endpoint: String, _ status: String) throws -> Data {
        let endpoints = try #require(examples["endpoints"] as? [String: Any])
        let operation = try #require(endpoints[endpoint] as? [String: Any])
        let responses = try #require(operation["responses"] as? [String: Any])
        let response = try #require(responses[status] as? [String: Any])
        return try JSONSerialization.data(withJSONObject: try #require(response["body"]))
    }

    @Test func listExample() throws {
        let list = try JSONDecoder().decode(IntercomConversationList.self, from: Self.body("GET /conversations", "200"))
        #expect(list.conversationIDs == ["471"])
        #expect(list.totalCount == 1)
        #expect(list.nextCursor == nil)
        // List items are conversations without parts: they decode as conversations too.
        let object = try JSONSerialization.jsonObject(with: Self.body("GET /conversations", "200")) as! [String: Any]
        let item = try JSONSerialization.data(withJSONObject: (object["conversations"] as! [Any])[0])
        let conversation = try JSONDecoder().decode(IntercomConversation.self, from: item)
        #expect(conversation.id == "471")
        #expect(conversation.parts.isEmpty)
    }

    @Test func retrieveExampleWithIntegerPartIDs() throws {
        let raw = try Self.body("GET /conversations/{conversation_id}", "200")
        let conversation = try JSONDecoder().decode(IntercomConversation.self, from: raw)
        #expect(conversation.id == "503")
        #expect(conversation.parts.map(\.id) == ["1", "2", "3", "4"])
        #expect(
            conversation.parts.map(\.partType) == [
                "comment", "custom_action_started", "conversation_attribute_updated_by_admin", "custom_action_finished",
            ]
        )
        #expect(conversation.adminAssigneeID == "991267715")
        #expect(conversation.teamAssigneeID == "5017691")
        #expect(conversation.state == "closed")
        #expect(conversation.priority == "none")
        #expect(conversation.tags.map(\.name) == ["Test tag"])
        #expect(conversation.contactIDs == ["6762f1261bb69f9f2193bba7"])
        #expect(conversation.source?.author?.name == "Ciaran176 Lee")
        #expect(conversation.parts[1].eventActionName == "Jira Create Issue")

        let artifact = conversation.artifact(
            tenantID: try TenantID("acme"),
            rawPayload: raw,
            inboxBaseURL: "https://app.intercom.com/a/inbox/abc"
        )
        #expect(artifact.externalID == "503")
        #expect(artifact.url == "https://app.intercom.com/a/inbox/abc/inbox/conversation/503")
        #expect(artifact.title == "this is the message body")
        #expect(artifact.content.contains("Okay!"))
        #expect(artifact.content.contains("— Operator (admin) · 2022-09-19 14:20 UTC · replied"))
        #expect(artifact.content.contains("custom action started (Jira Create Issue)"))
        #expect(artifact.rawPayload == raw)
    }

    @Test func searchExample() throws {
        let list = try JSONDecoder().decode(
            IntercomConversationList.self,
            from: Self.body("POST /conversations/search", "200")
        )
        #expect(list.conversationIDs == ["515"])
    }

    @Test func deletedListExampleDecodesItsIDs() throws {
        // Page-numbered, `next` a URL string rather than a cursor object: no cursor, ids still read.
        let list = try JSONDecoder().decode(
            IntercomConversationList.self,
            from: Self.body("GET /conversations/deleted", "200")
        )
        #expect(!list.conversationIDs.isEmpty)
        #expect(list.nextCursor == nil)
    }

    @Test(arguments: [
        ("GET /conversations", "401", "unauthorized"), ("GET /conversations", "403", "api_plan_restricted"),
        ("GET /conversations/{conversation_id}", "404", "not_found"),
        ("GET /conversations/{conversation_id}", "401", "unauthorized"),
        ("GET /conversations/{conversation_id}", "403", "api_plan_restricted"),
        ("GET /conversations/deleted", "401", "unauthorized"),
        ("GET /conversations/deleted", "400", "intercom_version_invalid"),
    ])
    func errorExamples(endpoint: String, status: String, code: String) throws {
        let body = try Self.body(endpoint, status)
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(object["type"] as? String == "error.list")
        #expect(((object["errors"] as? [[String: Any]])?.first?["code"] as? String) == code)
        // Not a conversation: decoding one must fail rather than invent an empty conversation.
        #expect(throws: (any Error).self) { try JSONDecoder().decode(IntercomConversation.self, from: body) }
        #expect(throws: (any Error).self) { try JSONDecoder().decode(IntercomConversationList.self, from: body) }
    }

    @Test func everyEndpointExampleIsCovered() throws {
        let endpoints = try #require(Self.examples["endpoints"] as? [String: Any])
        var count = 0
        for (_, operation) in endpoints {
            count += ((operation as? [String: Any])?["responses"] as? [String: Any])?.count ?? 0
        }
        // 4 success bodies + 7 error bodies, each asserted above.
        #expect(count == 11)
    }

    @Test func lenientAboutTypesAndUnknownKeys() throws {
        let json = """
            {"type":"conversation","id":1295,"title":7,"created_at":"1734537460","updated_at":1734537460.0,
             "state":"some_future_state","priority":"urgent","admin_assignee_id":null,"team_assignee_id":"12",
             "brand_new_key":{"nested":[1,2]},"tags":{"type":"tag.list","tags":[{"id":5,"name":"vip"}]},
             "source":{"type":"email","body":"<p>Hi</p>","author":{"type":"lead","id":9}, "attachments":[{"name":"a.pdf"}, 5]},
             "conversation_parts":{"conversation_parts":[{"id":"1","body":"ok","author":{"type":"admin"}}, {"body":"no id"}]},
             "statistics":{"count_conversation_parts":3}}
            """
        let conversation = try JSONDecoder().decode(IntercomConversation.self, from: Data(json.utf8))
        #expect(conversation.id == "1295")
        #expect(conversation.title == nil)
        #expect(conversation.createdAt == 1_734_537_460)
        #expect(conversation.updatedAt == 1_734_537_460)
        #expect(conversation.state == "some_future_state")
        #expect(conversation.teamAssigneeID == "12")
        #expect(conversation.tags.first?.id == "5")
        #expect(conversation.source?.author?.id == "9")
        #expect(conversation.source?.attachments.count == 1)
        #expect(conversation.parts.map(\.id) == ["1"])
        #expect(conversation.totalPartCount == 3)
    }
}
