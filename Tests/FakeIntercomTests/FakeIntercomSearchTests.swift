import AsyncHTTPClient
import FakeIntercom
import Foundation
import IngestCore
import NIOCore
import NIOHTTP1
import Testing

/// Search, deletions and the admin mutations, as the sync tests rely on them (intercom-api.md §7, §8).
@Suite("FakeIntercom search, deletions and mutations", .timeLimit(.minutes(10)))
struct FakeIntercomSearchTests {
    static func request(
        _ url: String,
        method: HTTPMethod = .GET,
        body: String? = nil,
        version: String? = nil
    ) async throws -> (status: Int, json: [String: Any]) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer t")
        if let version { request.headers.add(name: "Intercom-Version", value: version) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let data = try await response.body.collect(upTo: 64 << 20)
        let json = (try? JSONSerialization.jsonObject(with: Data(data.readableBytesView)) as? [String: Any]) ?? [:]
        return (Int(response.status.code), json)
    }

    /// Every page of a search: (id, updated_at) in the order returned.
    static func search(
        _ base: URL,
        query: String,
        sort: String? = nil,
        perPage: Int = 150
    ) async throws -> [(String, Int)] {
        var cursor: String?
        var all: [(String, Int)] = []
        repeat {
            var pagination = #""per_page": \#(perPage)"#
            if let cursor { pagination += #", "starting_after": "\#(cursor)""# }
            let body =
                #"{"query": \#(query), "pagination": {\#(pagination)}\#(sort.map { ", \"sort\": \($0)" } ?? "")}"#
            let page = try await request("\(base)/conversations/search", method: .POST, body: body)
            #expect(page.status == 200, "\(page.json)")
            let items = page.json["conversations"] as? [[String: Any]] ?? []
            all += items.map { ($0["id"] as? String ?? "", $0["updated_at"] as? Int ?? -1) }
            cursor = ((page.json["pages"] as? [String: Any])?["next"] as? [String: Any])?["starting_after"] as? String
        } while cursor != nil
        return all
    }

    @Test func searchFiltersSortsAndPagesThroughManyConversationsSharingOneSecond() async throws {
        let spec = WorkspaceSpec(seed: 3, conversationCount: 500)
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: ["t": spec])) { server in
            let ids = server.liveIDs(token: "t")
            let second: Int64 = 1_800_000_000
            server.touch(token: "t", ids: Array(ids[0..<320]), at: second)
            server.touch(token: "t", ids: Array(ids[320..<330]), at: second + 5)
            let ascending = #"{"field": "updated_at", "order": "ascending"}"#
            let changed = try await Self.search(
                server.baseURL,
                query: #"{"field": "updated_at", "operator": ">", "value": \#(second - 1)}"#,
                sort: ascending
            )
            // 330 changed, every one once, ascending by (updated_at, id), across three pages.
            #expect(changed.count == 330)
            #expect(Set(changed.map(\.0)).count == 330)
            #expect(changed.map(\.1) == changed.map(\.1).sorted())
            #expect(changed.last?.1 == Int(second + 5))
            // '>' is strict.
            let strict = try await Self.search(
                server.baseURL,
                query: #"{"field": "updated_at", "operator": ">", "value": \#(second)}"#
            )
            #expect(strict.count == 10)
            // Descending, and AND/OR groups.
            let descending = try await Self.search(
                server.baseURL,
                query: #"{"field": "updated_at", "operator": ">", "value": \#(second - 1)}"#,
                sort: #"{"field": "updated_at", "order": "descending"}"#,
                perPage: 100
            )
            #expect(descending.map(\.0) == changed.map(\.0).reversed())
            let group = try await Self.search(
                server.baseURL,
                query: #"""
                    {"operator": "AND", "value": [
                        {"field": "updated_at", "operator": "=", "value": \#(second)},
                        {"operator": "OR", "value": [
                            {"field": "id", "operator": "=", "value": \#(ids[0])},
                            {"field": "id", "operator": "=", "value": "\#(ids[1])"},
                            {"field": "id", "operator": "=", "value": \#(ids[325])}]}]}
                    """#
            )
            #expect(Set(group.map(\.0)) == [ids[0], ids[1]])
            // Bad queries are refused with the reason.
            let bad = try await Self.request(
                "\(server.baseURL)/conversations/search",
                method: .POST,
                body: #"{"query": {"field": "updated_at", "operator": ">", "value": "soon"}}"#
            )
            #expect(bad.status == 400)
            let badSort = try await Self.request(
                "\(server.baseURL)/conversations/search",
                method: .POST,
                body:
                    #"{"query": {"field": "id", "operator": ">", "value": 0}, "sort": {"field": "updated_at", "order": "up"}}"#
            )
            #expect(badSort.status == 400)
            #expect(server.stats.byRoute["search", default: 0] >= 8)
        }
    }

    @Test func deletedConversationsLeaveListSearchAndRetrieveAndAreListedNewestFirst() async throws {
        let spec = WorkspaceSpec(seed: 4, conversationCount: 200)
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: ["t": spec])) { server in
            let ids = server.liveIDs(token: "t")
            #expect(server.delete(token: "t", ids: Array(ids[0..<70]), at: 1_800_000_000).count == 70)
            #expect(server.delete(token: "t", ids: [ids[70]], at: 1_800_000_100) == [ids[70]])
            #expect(server.delete(token: "t", ids: [ids[70]]).isEmpty)  // once only
            #expect(server.touch(token: "t", ids: [ids[0]]).isEmpty)  // a deleted one cannot change

            let first = try await Self.request("\(server.baseURL)/conversations/deleted?order=desc&per_page=60&page=1")
            #expect(first.status == 200)
            #expect(first.json["total_count"] as? Int == 71)
            let items = try #require(first.json["conversations"] as? [[String: Any]])
            #expect(items.count == 60)
            #expect(items.first?["id"] as? String == ids[70] && items.first?["deleted_at"] as? Int == 1_800_000_100)
            let pages = try #require(first.json["pages"] as? [String: Any])
            #expect(pages["total_pages"] as? Int == 2 && (pages["next"] as? String)?.contains("page=2") == true)
            let last = try await Self.request("\(server.baseURL)/conversations/deleted?order=desc&per_page=60&page=2")
            #expect((last.json["conversations"] as? [Any])?.count == 11)
            #expect((last.json["pages"] as? [String: Any])?["next"] == nil)
            let tooMany = try await Self.request("\(server.baseURL)/conversations/deleted?per_page=61")
            #expect(tooMany.status == 400)
            let oldVersion = try await Self.request("\(server.baseURL)/conversations/deleted", version: "2.15")
            #expect(oldVersion.status == 400)

            #expect(try await Self.request("\(server.baseURL)/conversations/\(ids[5])").status == 404)
            let list = try await Self.request("\(server.baseURL)/conversations?per_page=150")
            #expect(list.json["total_count"] as? Int == 129)
            let found = try await Self.search(server.baseURL, query: #"{"field": "id", "operator": ">", "value": 0}"#)
            #expect(found.count == 129 && !found.contains { $0.0 == ids[5] })
        }
    }

    @Test func createdAndTouchedConversationsAreRetrievedWithTheirNewParts() async throws {
        let spec = WorkspaceSpec(seed: 6, conversationCount: 50)
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: ["t": spec])) { server in
            let before = try #require(server.liveConversations(token: "t").first)
            server.touch(token: "t", ids: [before.id], at: 1_800_000_000)
            server.touch(token: "t", ids: [before.id], at: 1_800_000_010)
            let after = try #require(server.liveConversations(token: "t").first)
            #expect(after.parts.count == before.parts.count + 2)
            #expect(after.updatedAt == 1_800_000_010)
            #expect(Array(after.parts.prefix(before.parts.count)).map(\.id) == before.parts.map(\.id))
            let retrieved = try await Self.request("\(server.baseURL)/conversations/\(before.id)")
            #expect(retrieved.json["updated_at"] as? Int == 1_800_000_010)
            let parts =
                (retrieved.json["conversation_parts"] as? [String: Any])?["conversation_parts"] as? [[String: Any]]
            #expect(parts?.count == min(after.parts.count, 500))

            let created = server.create(token: "t", count: 3, at: 1_800_000_020)
            #expect(created.count == 3 && Set(created).count == 3)
            #expect(server.liveIDs(token: "t").count == 53)
            let new = try await Self.request("\(server.baseURL)/conversations/\(created[0])")
            #expect(new.status == 200 && new.json["updated_at"] as? Int == 1_800_000_020)
            let list = try await Self.request("\(server.baseURL)/conversations?per_page=150")
            #expect((list.json["conversations"] as? [Any])?.count == 53)
        }
    }

    @Test func adminRoutesChangeTheWorkspaceOverHTTPWithoutCountingAsRequests() async throws {
        let spec = WorkspaceSpec(seed: 7, conversationCount: 20)
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: ["t": spec])) { server in
            let base = server.baseURL.absoluteString
            let touched = try await Self.request(
                "\(base)/_admin/touch",
                method: .POST,
                body: #"{"ids": ["1000", "nope"], "at": 1800000000}"#
            )
            #expect(touched.status == 200 && touched.json["ids"] as? [String] == ["1000"])
            let deleted = try await Self.request("\(base)/_admin/delete", method: .POST, body: #"{"ids": ["1001"]}"#)
            #expect(deleted.json["ids"] as? [String] == ["1001"])
            let created = try await Self.request("\(base)/_admin/create", method: .POST, body: #"{"count": 2}"#)
            #expect((created.json["ids"] as? [String])?.count == 2)
            let bad = try await Self.request("\(base)/_admin/create", method: .POST, body: #"{"count": 0}"#)
            #expect(bad.status == 400)
            #expect(server.stats.total == 0)
            let retrieved = try await Self.request("\(base)/conversations/1000")
            #expect(retrieved.json["updated_at"] as? Int == 1_800_000_000)
            #expect(server.liveIDs(token: "t").count == 21)
        }
    }
}
