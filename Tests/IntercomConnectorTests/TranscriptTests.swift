import Foundation
import IngestCore
import IntercomConnector
import Testing

@Suite("Conversation to artifact")
struct TranscriptTests {
    static let json = """
        {"type":"conversation","id":"77","title":null,"created_at":1700000000,"updated_at":1700003600,"state":"closed",
         "priority":"high","tags":{"tags":[{"id":"1","name":"billing"},{"id":"2","name":"vip"}]},
         "contacts":{"contacts":[{"id":"c1"}]},
         "source":{"type":"email","subject":"<b>Double</b> charge","body":"<p>I was charged <b>twice</b> &amp; need help.</p><script>x()</script>",
                   "author":{"type":"user","id":"c1","name":"Ann Lee","email":"ann@example.com"},
                   "attachments":[{"type":"upload","name":"invoice.pdf","url":"https://files.example.com/i.pdf","content_type":"application/pdf","filesize":20480}]},
         "conversation_parts":{"conversation_parts":[
            {"id":"1","part_type":"assignment","body":null,"created_at":1700000100,"author":{"type":"bot","name":"Fin"},"assigned_to":{"type":"admin","id":"9","name":"Sam"}},
            {"id":"2","part_type":"comment","body":"<p>Refund sent, see <a href=\\"https://help.example.com/r\\">this article</a>.</p>","created_at":1700000200,"author":{"type":"admin","id":"9","name":"Sam","email":"sam@corp.example"}},
            {"id":"3","part_type":"note","body":"<p>internal: checked Stripe</p>","created_at":1700000300,"author":{"type":"admin","id":"9","name":"Sam"}},
            {"id":"4","part_type":"comment","body":"","created_at":1700000400,"author":{"type":"user","id":"c1","name":"Ann Lee"},
             "attachments":[{"name":"screenshot.png","content_type":"image/png","filesize":2048,"url":"https://files.example.com/s.png"}]},
            {"id":"5","part_type":"close","body":null,"created_at":1700003600,"author":{"type":"admin","id":"9","name":"Sam"}}]},
         "statistics":{"count_conversation_parts":612}}
        """

    /// Each person once, in order of first appearance: by id (of its type), else email, else name.
    @Test func authorsAreEachPersonOnceWhicheverFieldsTheyComeWith() throws {
        let authors = [
            #"{"type":"user","id":"c1","name":"Ann Lee","email":"ann@example.com"}"#,
            #"{"type":"user","id":"c1"}"#,  // Ann again, without name or email
            #"{"type":"admin","id":"c1","name":"Cy"}"#,  // another type: another person
            #"{"type":"lead","email":"lead@example.com","name":"Lee"}"#,
            #"{"type":"lead","email":"lead@example.com"}"#,  // same email, no id
            #"{"type":"bot","name":"Fin"}"#,
            #"{"type":"bot","name":"Fin"}"#,
            #"{"type":"bot"}"#,
            #"{"type":"bot","name":""}"#,  // no name and an empty one say the same
            #"{"name":"Ann Lee"}"#,  // a name alone is not Ann's id
            "null",
        ]
        let parts = authors.enumerated().map { index, author in
            #"{"id":"\#(index)","part_type":"comment","body":"<p>x</p>","created_at":1700000100,"author":\#(author)}"#
        }
        let json =
            #"{"type":"conversation","id":"8","created_at":1700000000,"updated_at":1700000000,"#
            + #""source":{"type":"email","body":"hi","author":{"type":"user","id":"c1","name":"Ann Lee"}},"#
            + #""conversation_parts":{"conversation_parts":[\#(parts.joined(separator: ","))]}}"#
        let artifact = try IntercomConversation(json: Data(json.utf8)).artifact(
            tenantID: try TenantID("acme"),
            rawPayload: Data(json.utf8),
            inboxBaseURL: nil
        )
        #expect(
            artifact.authors == [
                ArtifactAuthor(id: "c1", name: "Ann Lee", email: nil, role: "user"),
                ArtifactAuthor(id: "c1", name: "Cy", email: nil, role: "admin"),
                ArtifactAuthor(id: nil, name: "Lee", email: "lead@example.com", role: "lead"),
                ArtifactAuthor(id: nil, name: "Fin", email: nil, role: "bot"),
                ArtifactAuthor(id: nil, name: nil, email: nil, role: "bot"),
                ArtifactAuthor(id: nil, name: "Ann Lee", email: nil, role: nil),
            ]
        )
    }

    @Test func theTranscriptReadsLikeTheConversation() throws {
        let raw = Data(Self.json.utf8)
        let conversation = try JSONDecoder().decode(IntercomConversation.self, from: raw)
        let artifact = conversation.artifact(
            tenantID: try TenantID("acme"),
            rawPayload: raw,
            inboxBaseURL: "https://app.eu.intercom.com/a/inbox/ws1"
        )
        #expect(artifact.title == "Double charge")
        #expect(artifact.url == "https://app.eu.intercom.com/a/inbox/ws1/inbox/conversation/77")
        #expect(artifact.tags == ["billing", "vip"])
        #expect(artifact.state == "closed")
        #expect(artifact.createdAt == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(artifact.updatedAt == Date(timeIntervalSince1970: 1_700_003_600))
        #expect(artifact.authors.map(\.name) == ["Ann Lee", "Fin", "Sam", "Sam", "Ann Lee"].uniquedKeepingOrder())
        #expect(artifact.metadata["possibly_truncated"] == true)
        #expect(artifact.metadata["part_count_total"] == 612)
        #expect(artifact.metadata["priority"] == "high")
        let expected = """
            — Ann Lee (user) · 2023-11-14 22:13 UTC · opened the conversation
            Subject: Double charge
            I was charged twice & need help.
            Attachment: invoice.pdf (application/pdf, 20 KB) https://files.example.com/i.pdf

            — Fin (bot) · 2023-11-14 22:15 UTC · assigned the conversation to Sam

            — Sam (admin) · 2023-11-14 22:16 UTC · replied
            Refund sent, see this article (https://help.example.com/r).

            — Sam (admin) · 2023-11-14 22:18 UTC · added a note
            internal: checked Stripe

            — Ann Lee (user) · 2023-11-14 22:20 UTC · replied
            Attachment: screenshot.png (image/png, 2 KB) https://files.example.com/s.png

            — Sam (admin) · 2023-11-14 23:13 UTC · closed the conversation

            (Intercom returned the newest 5 of 612 parts; earlier parts are not available.)
            """
        #expect(artifact.content == expected)
    }

    /// `count_conversation_parts` may count the opening message: one above the parts returned is a
    /// whole conversation, and nothing may claim otherwise. Only 500 parts, or a count more than one
    /// above them, shows that Intercom left parts out.
    @Test(arguments: [(5, false), (6, false), (7, true), (612, true)])
    func truncationIsClaimedOnlyWhenTheAPIShowsIt(count: Int, truncated: Bool) throws {
        let json = Self.json.replacingOccurrences(
            of: #""count_conversation_parts":612"#,
            with: #""count_conversation_parts":\#(count)"#
        )
        let conversation = try JSONDecoder().decode(IntercomConversation.self, from: Data(json.utf8))
        #expect(conversation.parts.count == 5)
        let artifact = conversation.artifact(
            tenantID: try TenantID("acme"),
            rawPayload: Data(json.utf8),
            inboxBaseURL: nil
        )
        #expect(artifact.metadata["possibly_truncated"] == .bool(truncated))
        #expect(artifact.content.contains("earlier parts are not available") == truncated, "\(artifact.content)")
        #expect(artifact.metadata["part_count_total"] == .number(Double(count)))
    }

    @Test func aConversationWithoutSubjectOrTitleIsNamedByItsFirstWords() throws {
        let json =
            #"{"id":"8","source":{"body":"<p>Hello there, my parcel never arrived and the tracking page has not changed for a week now, what can I do?</p>"}}"#
        let conversation = try JSONDecoder().decode(IntercomConversation.self, from: Data(json.utf8))
        let artifact = conversation.artifact(
            tenantID: try TenantID("acme"),
            rawPayload: Data(json.utf8),
            inboxBaseURL: nil
        )
        #expect(artifact.title == "Hello there, my parcel never arrived and the tracking page has not changed for…")
        #expect(artifact.url == nil)
        let empty = try JSONDecoder().decode(IntercomConversation.self, from: Data(#"{"id":"9"}"#.utf8))
        #expect(
            empty.artifact(tenantID: try TenantID("acme"), rawPayload: Data(), inboxBaseURL: nil).title
                == "Conversation 9"
        )
    }
}

extension Array where Element: Hashable {
    func uniquedKeepingOrder() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
