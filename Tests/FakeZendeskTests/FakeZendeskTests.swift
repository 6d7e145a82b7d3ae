import AsyncHTTPClient
import FakeZendesk
import Foundation
import IngestCore
import NIOCore
import NIOHTTP1
import Testing

/// The fake's API surface, as the reference describes Zendesk's: auth, the cursor export's order and
/// cursors, the withheld minute, comment pagination, deletions and both rate limits.
@Suite("FakeZendesk", .timeLimit(.minutes(5)))
struct FakeZendeskTests {
    static let token = "fz-token"
    static let stoppedClock = (Date().timeIntervalSince1970 / 60).rounded(.down) * 60 + 1

    struct Reply {
        var status: Int
        var headers: [String: String]
        var text: String
        var json: [String: JSONValue] {
            (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)))?.objectValue ?? [:]
        }
    }

    static func get(_ url: String, authorization: String? = "Bearer \(token)") async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 64 << 20)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return Reply(status: Int(response.status.code), headers: headers, text: String(buffer: body))
    }

    static func withServer(
        _ spec: ZendeskAccountSpec,
        planLimitPerWindow: Int? = nil,
        exportLimitPerMinute: Int? = 10,
        jsonRateLimitBody: Bool = false,
        clock: (@Sendable () -> Double)? = nil,
        _ body: (FakeZendeskServer, String) async throws -> Void
    ) async throws {
        var configuration = FakeZendeskConfiguration(
            accounts: [token: spec],
            planLimitPerWindow: planLimitPerWindow,
            exportLimitPerMinute: exportLimitPerMinute,
            jsonRateLimitBody: jsonRateLimitBody
        )
        if let clock { configuration.clock = clock }
        try await FakeZendeskServer.withRunning(configuration) { server in
            try await body(server, server.baseURL.absoluteString + "/api/v2")
        }
    }

    static func ids(_ reply: Reply, _ key: String) -> [Int64] {
        (reply.json[key]?.arrayValue ?? []).compactMap { item in
            guard case .number(let id)? = item.objectValue?["id"] else { return nil }
            return Int64(id)
        }
    }

    @Test func theExportPagesInGeneratedTimestampThenIDOrderWithCursorsThatEncodeThePair() async throws {
        try await Self.withServer(ZendeskAccountSpec(ticketCount: 250, burstSize: 120, aiAgentShare: 0)) {
            server,
            api in
            var ids: [Int64] = []
            var keys: [(Int64, Int64)] = []
            var reply = try await Self.get(
                "\(api)/incremental/tickets/cursor.json?start_time=0&per_page=100&support_type_scope=all"
            )
            var pages = 1
            while true {
                #expect(reply.status == 200)
                for ticket in reply.json["tickets"]?.arrayValue ?? [] {
                    guard case .number(let id)? = ticket.objectValue?["id"],
                        case .number(let time)? = ticket.objectValue?["generated_timestamp"]
                    else { continue }
                    ids.append(Int64(id))
                    keys.append((Int64(time), Int64(id)))
                }
                let cursor = try #require(reply.json["after_cursor"]?.stringValue)
                let decoded = String(decoding: try #require(Data(base64Encoded: cursor)), as: UTF8.self)
                #expect(decoded == "\(keys.last!.0).0||\(keys.last!.1)|")
                if reply.json["end_of_stream"] == .bool(true) { break }
                let next = try #require(reply.json["after_url"]?.stringValue)
                #expect(next.hasPrefix(server.baseURL.absoluteString))
                reply = try await Self.get(next)
                pages += 1
            }
            #expect(pages == 3)
            #expect(Set(ids).count == 250)
            #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 })
            // The burst shares one timestamp across the page boundary.
            #expect(Set(keys.filter { $0.1 <= 120 }.map(\.0)).count == 1)
        }
    }

    @Test func theLastMinuteIsWithheldAndATooRecentStartTimeIsRefused() async throws {
        try await Self.withServer(ZendeskAccountSpec(ticketCount: 20)) { server, api in
            let first = try await Self.get("\(api)/incremental/tickets/cursor?start_time=0&support_type_scope=all")
            let cursor = try #require(first.json["after_cursor"]?.stringValue)
            #expect(first.json["end_of_stream"] == .bool(true))
            server.touch(credential: Self.token, ids: [4])
            let withheld = try await Self.get(
                "\(api)/incremental/tickets/cursor.json?cursor=\(QueryParameters.encode(cursor))"
            )
            #expect(Self.ids(withheld, "tickets").isEmpty)
            #expect(withheld.json["after_cursor"]?.stringValue == cursor)
            server.advanceClock(by: 61)
            let shown = try await Self.get(
                "\(api)/incremental/tickets/cursor.json?cursor=\(QueryParameters.encode(cursor))"
            )
            #expect(Self.ids(shown, "tickets") == [4])

            let recent = try await Self.get("\(api)/incremental/tickets/cursor.json?start_time=\(server.now - 10)")
            #expect(recent.status == 400 && recent.json["error"]?.stringValue == "StartTimeTooRecent")
            let both = try await Self.get("\(api)/incremental/tickets/cursor.json?start_time=0&cursor=\(cursor)")
            #expect(both.status == 400)
        }
    }

    @Test func supportTypeScopeDefaultsToAgentAndAllShowsAIAgentTickets() async throws {
        try await Self.withServer(ZendeskAccountSpec(ticketCount: 200, aiAgentShare: 0.3)) { _, api in
            let agent = try await Self.get("\(api)/incremental/tickets/cursor.json?start_time=0")
            let all = try await Self.get("\(api)/incremental/tickets/cursor.json?start_time=0&support_type_scope=all")
            #expect(Self.ids(all, "tickets").count == 200)
            #expect(Self.ids(agent, "tickets").count < 190)
        }
    }

    @Test func commentsPageBy100WithMetaAndLinksAndOffsetModeWithoutPageSize() async throws {
        try await Self.withServer(ZendeskAccountSpec(ticketCount: 10, longTicketCount: 1)) { server, api in
            let long = try #require(server.liveTickets(credential: Self.token).first { $0.comments.count > 100 })
            var url: String? = "\(api)/tickets/\(long.id)/comments.json?page%5Bsize%5D=100&include=users"
            var ids: [Int64] = []
            var pages = 0
            while let next = url {
                let reply = try await Self.get(next)
                #expect(reply.status == 200)
                ids += Self.ids(reply, "comments")
                // Every author but the system one (-1) is side-loaded.
                let authors = Set(
                    (reply.json["comments"]?.arrayValue ?? []).compactMap { comment -> Int64? in
                        guard case .number(let id)? = comment.objectValue?["author_id"], id > 0 else { return nil }
                        return Int64(id)
                    }
                )
                #expect(Set(Self.ids(reply, "users")) == authors)
                pages += 1
                url =
                    reply.json["meta"]?.objectValue?["has_more"] == .bool(true)
                    ? reply.json["links"]?.objectValue?["next"]?.stringValue : nil
            }
            #expect(ids == long.comments.map(\.id))
            #expect(pages == (long.comments.count + 99) / 100)
            let descending = try await Self.get("\(api)/tickets/\(long.id)/comments?page[size]=5&sort=-created_at")
            #expect(Self.ids(descending, "comments") == Array(long.comments.map(\.id).reversed().prefix(5)))
            let offset = try await Self.get("\(api)/tickets/\(long.id)/comments.json")
            #expect(Self.ids(offset, "comments").count == 100)
            #expect(offset.json["next_page"]?.stringValue != nil)
            #expect(offset.json["meta"] == nil)
            // Comment metadata carries IP addresses and locations, as Zendesk's does.
            #expect(offset.text.contains("ip_address"))
        }
    }

    @Test func aSoftDeletedTicketIsExportedAsDeletedAndItsCommentsAnswer404UntilRestored() async throws {
        try await Self.withServer(ZendeskAccountSpec(ticketCount: 10)) { server, api in
            server.softDelete(credential: Self.token, ids: [3])
            server.advanceClock(by: 61)
            let comments = try await Self.get("\(api)/tickets/3/comments.json?page[size]=100")
            #expect(comments.status == 404 && comments.json["error"]?.stringValue == "RecordNotFound")
            let export = try await Self.get(
                "\(api)/incremental/tickets/cursor.json?start_time=0&support_type_scope=all"
            )
            let deleted = (export.json["tickets"]?.arrayValue ?? []).first { $0.objectValue?["id"] == .number(3) }
            #expect(deleted?.objectValue?["status"]?.stringValue == "deleted")
            let list = try await Self.get("\(api)/deleted_tickets.json")
            #expect(Self.ids(list, "deleted_tickets") == [3])
            let shown = try await Self.get("\(api)/tickets/show_many.json?ids=2,3,4")
            #expect(Self.ids(shown, "tickets") == [2, 4])

            server.restore(credential: Self.token, ids: [3])
            #expect(try await Self.get("\(api)/tickets/3/comments.json?page[size]=100").status == 200)
            server.scrub(credential: Self.token, ids: [3])
            server.advanceClock(by: 61)
            let after = try await Self.get("\(api)/incremental/tickets/cursor.json?start_time=0&support_type_scope=all")
            #expect(!Self.ids(after, "tickets").contains(3))
        }
    }

    @Test func bothAuthSchemesAreCheckedAndAnAgentGets403OnTheExport() async throws {
        let basic = ZendeskAccountSpec(ticketCount: 3, role: .agent, email: "agent@acme.example.com")
        try await Self.withServer(basic) { _, api in
            let header = "Basic " + Data("agent@acme.example.com/token:\(Self.token)".utf8).base64EncodedString()
            #expect(try await Self.get("\(api)/tickets/1/comments.json", authorization: header).status == 200)
            let export = try await Self.get(
                "\(api)/incremental/tickets/cursor.json?start_time=0",
                authorization: header
            )
            #expect(export.status == 403 && export.json["error"]?.stringValue == "Forbidden")
            // The API token is not an OAuth token, and the email must match.
            #expect(try await Self.get("\(api)/tickets/1/comments.json").status == 401)
            let other = "Basic " + Data("someone@acme.example.com/token:\(Self.token)".utf8).base64EncodedString()
            let refused = try await Self.get("\(api)/tickets/1/comments.json", authorization: other)
            #expect(refused.status == 401 && refused.json["error"]?.stringValue == "Couldn't authenticate you")
        }
    }

    @Test func overThePlanLimitA429SaysRetryAfterInPlainTextAndTheExportHasItsOwnBucket() async throws {
        // A stopped clock one second into a window: every request lands in it, however slow the machine.
        let stopped: @Sendable () -> Double = { Self.stoppedClock }
        try await Self.withServer(
            ZendeskAccountSpec(ticketCount: 3),
            planLimitPerWindow: 5,
            exportLimitPerMinute: 2,
            clock: stopped
        ) { server, api in
            let first = try await Self.get("\(api)/incremental/tickets/cursor.json?start_time=0")
            #expect(
                first.status == 200 && first.headers["x-rate-limit"] == "5"
                    && first.headers["x-rate-limit-remaining"] == "4"
            )
            #expect(first.headers["ratelimit-reset"].flatMap { Int($0) }.map { (1...60).contains($0) } == true)
            _ = try await Self.get("\(api)/incremental/tickets/cursor.json?start_time=0")
            let export = try await Self.get("\(api)/incremental/tickets/cursor.json?start_time=0")
            #expect(export.status == 429)
            #expect(export.headers["retry-after"].flatMap { Int($0) } != nil)
            #expect(export.text == "Number of allowed API requests per minute exceeded: 0")
            // Asked again before the Retry-After had passed: counted.
            #expect(try await Self.get("\(api)/incremental/tickets/cursor.json?start_time=0").status == 429)
            #expect(server.stats.requestsBeforeRetryAfter == 1)
            // The plan still has room for other routes.
            #expect(try await Self.get("\(api)/tickets/1/comments.json").status == 200)
            let plan = try await Self.get("\(api)/tickets/1/comments.json")
            #expect(plan.status == 429 && plan.headers["content-type"]?.hasPrefix("text/plain") == true)
            #expect(server.stats.rateLimited == 3)
        }
    }
}
