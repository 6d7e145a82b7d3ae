import AsyncHTTPClient
import FakeZendesk
import Foundation
import IngestCore
import NIOCore
import NIOHTTP1
import Testing

@testable import ZendeskConnector

/// Zendesk's pages are read with a `JSONReader` (no JSON tree per ticket and comment); the tree-based
/// readers they replaced stay as the reference. Both must read the same tickets, comments and users,
/// and the raw payload, copied from the bytes received, must be the same JSON.
@Suite("Zendesk pages read without a JSON tree")
struct ZendeskReadingTests {
    let tenant = try! TenantID("acme")

    /// Payloads as a parser reads them, written canonically: the reader's copies keep the received
    /// bytes, the reference wrote its tree canonically.
    static func normalized(_ ticket: ZendeskTicket) throws -> ZendeskTicket {
        var ticket = ticket
        ticket.payload = try JSONValue(parsing: Data(ticket.payload)).canonicalBytes
        return ticket
    }

    static func normalized(_ comment: ZendeskComment) throws -> ZendeskComment {
        var comment = comment
        comment.payload = try JSONValue(parsing: Data(comment.payload)).canonicalBytes
        return comment
    }

    static func normalized(_ page: ZendeskExportPage) throws -> ZendeskExportPage {
        var page = page
        page.tickets = try page.tickets.map(normalized)
        return page
    }

    static func normalized(_ page: ZendeskCommentPage) throws -> ZendeskCommentPage {
        var page = page
        page.comments = try page.comments.map(normalized)
        return page
    }

    static func get(_ url: String) async throws -> Data {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Authorization", value: "Bearer t")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        #expect(response.status == .ok, "\(url)")
        return Data(try await response.body.collect(upTo: 64 << 20).readableBytesView)
    }

    /// Every export page, comment page and `show_many` answer of a generated account (several
    /// scripts, HTML bodies, attachments, side-loaded users, tickets with over 100 comments, a burst of
    /// tickets sharing one timestamp across export pages).
    @Test func generatedAccountsReadAsTheTreeReadsThem() async throws {
        let spec = ZendeskAccountSpec(seed: 21, ticketCount: 260, burstSize: 150, longTicketCount: 2)
        try await FakeZendeskServer.withRunning(FakeZendeskConfiguration(accounts: ["t": spec])) { server in
            let base = server.baseURL.absoluteString
            var url = "\(base)/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=100&include=users"
            var tickets: [ZendeskTicket] = []
            var treeTickets: [ZendeskTicket] = []
            var users: [Int64: ZendeskUser] = [:]
            for _ in 0..<100 {
                let body = try await Self.get(url)
                let page = try ZendeskExportPage(body: body)
                let tree = try ZendeskExportPage(parsing: body)
                #expect(try Self.normalized(page) == tree)
                tickets += page.tickets
                treeTickets += tree.tickets
                for user in page.users { users[user.id] = user }
                guard !page.endOfStream, let cursor = page.afterCursor else { break }
                url = "\(base)/api/v2/incremental/tickets/cursor.json?cursor=\(cursor)&per_page=100&include=users"
            }
            #expect(tickets.count > 200)
            let ids = tickets.prefix(100).map { String($0.id) }.joined(separator: ",")
            let shown = try await Self.get("\(base)/api/v2/tickets/show_many.json?ids=\(ids)")
            let reference = try #require(JSONValue(parsing: shown).objectValue?["tickets"]?.arrayValue)
            let read = try ZendeskPageReading.showMany(shown, key: "tickets", ZendeskTicket.init(reading:))
            #expect(
                try read.map(Self.normalized)
                    == reference.compactMap { $0.objectValue.flatMap(ZendeskTicket.init(json:)) }
            )

            var longest = 0
            #expect(tickets.count == treeTickets.count)
            let pairs = Array(zip(tickets, treeTickets))
            for (ticket, tree) in pairs.prefix(120) + pairs.suffix(20) {
                var comments: [ZendeskComment] = []
                var referenceComments: [ZendeskComment] = []
                var next: String? = "\(base)/api/v2/tickets/\(ticket.id)/comments.json?page%5Bsize%5D=100&include=users"
                while let link = next {
                    let body = try await Self.get(link)
                    let page = try ZendeskCommentPage(body: body)
                    let tree = try ZendeskCommentPage(parsing: body)
                    #expect(try Self.normalized(page) == tree)
                    comments += page.comments
                    referenceComments += tree.comments
                    for user in page.users { users[user.id] = user }
                    next = page.hasMore ? page.next : nil
                }
                longest = max(longest, comments.count)
                // The artifacts are the same but for the raw payload's bytes, which hold the same JSON.
                let built = ticket.artifact(tenantID: tenant, subdomain: "acme", comments: comments, users: users)
                var expected = tree.artifact(
                    tenantID: tenant,
                    subdomain: "acme",
                    comments: referenceComments,
                    users: users
                )
                #expect(try JSONValue(parsing: built.rawPayload) == JSONValue(parsing: expected.rawPayload))
                expected.rawPayload = built.rawPayload
                #expect(built == expected)
            }
            #expect(longest > 100)
        }
    }

    /// Hand-written oddities: ids as digit strings or whole floats, values of the wrong type, nulls,
    /// escaped keys, a damaged surrogate, non-objects in lists, whitespace, nesting.
    @Test(arguments: [
        #"{"tickets":[],"end_of_stream":true}"#,
        #"{"tickets":[{"id":"48213","subject":null,"raw_subject":"Raw ✓","tags":["a",1,null,"b"],"requester_id":11.0,"assignee_id":1.5,"group_id":"x","organization_id":9.1e15,"created_at":"2026-10-02T14:03:11+02:00","updated_at":12,"generated_timestamp":"1791193923","fields":[{"id":1}],"custom_fields":[{"id":1,"value":12345678901234567890}]}],"after_cursor":"abc","end_of_stream":false,"users":[{"id":1,"name":"A"},{"name":"no id"},7,{"id":"2","role":"agent","email":null}]}"#,
        #"{"tickets":[1,"x",null,{"subject":"no id"},{"id":-5,"s\u0075bject":"escaped key \ud800 lone","status":"deleted","tags":"not a list","via":{"channel":"web","source":{"from":{},"to":{}}}}],"end_of_stream":"yes"}"#,
        "{\n  \"tickets\" : [ { \"id\" : 7 , \"fields\" : [ ] , \"priority\" : \"high\" } ] ,\n  \"end_of_stream\" : true\n}",
    ])
    func exportPageOdditiesReadAsTheTreeReadsThem(json: String) throws {
        let body = Data(json.utf8)
        #expect(try Self.normalized(ZendeskExportPage(body: body)) == ZendeskExportPage(parsing: body))
    }

    @Test(arguments: [
        #"{"comments":[{"id":1,"author_id":"11","public":false,"html_body":"<p>x</p>","metadata":{"system":{"ip_address":"203.0.113.9"}},"attachments":[{"file_name":"a.txt","size":"2048"},3,{"size":1.5,"content_type":null}]}],"meta":{"has_more":true,"after_cursor":"c"},"links":{"next":"https://acme.zendesk.com/next"}}"#,
        #"{"comments":[{"public":"yes","plain_body":"plain","body":"body","created_at":"2026-10-05T09:41:27.512Z","attachments":{"file_name":"no list"}},null,[1]],"users":[{"id":5,"name":"Ада"}],"meta":[],"links":null}"#,
        #"{"comments":[{"\u006detadata":{"ip":"1"},"type":"VoiceComment","id":9}],"meta":{"has_more":false}}"#,
    ])
    func commentPageOdditiesReadAsTheTreeReadsThem(json: String) throws {
        let body = Data(json.utf8)
        let page = try ZendeskCommentPage(body: body)
        #expect(try Self.normalized(page) == ZendeskCommentPage(parsing: body))
        // No comment's metadata reaches its payload.
        for comment in page.comments {
            #expect(try JSONValue(parsing: Data(comment.payload)).objectValue?["metadata"] == nil)
        }
    }

    @Test(arguments: [#"[]"#, #"{"tickets":{}}"#, #"{"ticket":[]}"#, #"{"tickets":[{"id":1}]"#, #"{"tickets":[]} x"#])
    func aPageWithoutTheListOrNotJSONIsRefusedByBoth(json: String) {
        let body = Data(json.utf8)
        #expect(throws: (any Error).self) { _ = try ZendeskExportPage(body: body) }
        #expect(throws: (any Error).self) { _ = try ZendeskExportPage(parsing: body) }
    }

    /// Text the parser would refuse (invalid UTF-8, a raw control character) is kept, repaired, so a
    /// page with one bad byte is not refused on every retry and no comment's text is lost; the raw
    /// payload stays JSON, and a comment's metadata stays out of it.
    @Test func damagedTextIsKeptRepaired() throws {
        var bytes = Array(#"{"comments":[{"id":1,"plain_body":"ok "#.utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\u{1} end\",\"via\":{\"source\":{\"from\":{\"name\":\"bad ".utf8) + [0xFF]
        bytes += Array(#""}}},"metadata":{"system":{"ip_address":"203.0.113.9","location":"x"#.utf8) + [0xFE]
        bytes += Array(#""}}},{"id":2,"plain_body":"fine","metadata":{"ip":"198.51.100.7"}}]}"#.utf8)
        let body = Data(bytes)
        #expect(throws: JSONParseError.self) { _ = try ZendeskCommentPage(parsing: body) }
        let page = try ZendeskCommentPage(body: body)
        #expect(page.comments.count == 2)
        #expect(page.comments.first?.plainBody == "ok \u{FFFD}(\u{1} end")
        let first = try #require(try JSONValue(parsing: Data(page.comments[0].payload)).objectValue)
        #expect(first["plain_body"] == .string("ok \u{FFFD}(\u{1} end"))
        #expect(first["via"]?.objectValue?["source"]?.objectValue?["from"]?.objectValue?["name"] == "bad \u{FFFD}")
        #expect(first["metadata"] == nil)
        // The intact comment is copied as received.
        #expect(String(decoding: page.comments[1].payload, as: UTF8.self) == #"{"id":2,"plain_body":"fine"}"#)
        let ticket = try #require(
            ZendeskTicket(json: ["id": 1, "subject": "s", "fields": [], "created_at": "2026-10-02T14:03:11Z"])
        )
        let artifact = ticket.artifact(tenantID: tenant, subdomain: "acme", comments: page.comments, users: [:])
        let raw = String(decoding: artifact.rawPayload, as: UTF8.self)
        #expect(try JSONValue(parsing: artifact.rawPayload).objectValue?["comments"]?.arrayValue?.count == 2)
        #expect(!raw.contains("203.0.113.9") && !raw.contains("198.51.100.7") && !raw.contains("\"fields\""))
    }

    /// A cursor or link that is not intact is not sent back to Zendesk repaired.
    @Test func aDamagedCursorIsNotRead() throws {
        let bytes =
            Array(#"{"tickets":[],"after_cursor":"abc"#.utf8) + [0xFF] + Array(#"","end_of_stream":false}"#.utf8)
        #expect(try ZendeskExportPage(body: Data(bytes)).afterCursor == nil)
    }
}
