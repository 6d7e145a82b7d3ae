import AsyncHTTPClient
import FakeAPIKit
import FakeIntercom
import Foundation
import IngestCore
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

/// The fake must behave like the reference (intercom-api.md §13), or the connector's tests prove nothing.
@Suite("FakeIntercom faithfulness")
struct FakeIntercomTests {
    struct Response {
        var status: Int
        var headers: [String: String]
        var json: [String: Any]
    }

    static func get(_ url: String, token: String?) async throws -> Response {
        var request = HTTPClientRequest(url: url)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.headers.add(name: "Accept", value: "application/json")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 64 << 20)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        let json = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]) ?? [:]
        return Response(status: Int(response.status.code), headers: headers, json: json)
    }

    /// Bodies are deterministic: object keys in byte order (a prefix first, non-ASCII after ASCII),
    /// strings escaped, whole numbers as integers.
    @Test func objectKeysAreWrittenInByteOrder() {
        let value = JSONValue.object([
            "b": .number(1), "a": .number(2), "ab": .number(3), "é": .number(4), "z": .number(5), "": .number(6),
            "Z": .array([.string("q\"\u{1}"), .null, .bool(true), .number(1.5)]),
        ])
        #expect(
            String(decoding: value.serialized(), as: UTF8.self)
                == #"{"":6,"Z":["q\"\u0001",null,true,1.5],"a":2,"ab":3,"b":1,"z":5,"é":4}"#
        )
    }

    /// Keys that tie on their first sixteen bytes, are prefixes of each other, hold NUL or non-ASCII
    /// bytes, or are longer than sixteen bytes come out in plain byte order all the same.
    @Test func objectKeysOfEveryShapeAreWrittenInByteOrder() throws {
        var rng = SplitMix64(seed: 12)
        let alphabet: [String] = ["a", "b", "z", "A", "_", "\u{0}", "\u{1}", "é", "ж", "支", "😀", "~", "0"]
        let stems = ["", "conversation_pa", "conversation_part", "email_message_metadata", "ab"]
        for _ in 0..<300 {
            var members: [String: JSONValue] = [:]
            for _ in 0..<(1 + rng.below(40)) {
                var key = rng.pick(stems)
                for _ in 0..<rng.below(20) { key += rng.pick(alphabet) }
                members[key] = .number(Double(members.count))
            }
            let written = try #require(
                try JSONSerialization.jsonObject(with: Data(JSONValue.object(members).serialized())) as? [String: Any]
            )
            #expect(written.count == members.count)
            var output: [UInt8] = []
            JSONValue.writeObject(members, into: &output)
            let expected = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            var keysInOrder: [String] = []
            var reader = output[...]
            // The keys are the strings that follow `{` or `,` at the top level: every value is a number.
            while let quote = reader.firstIndex(of: UInt8(ascii: "\"")) {
                var end = quote + 1
                while output[end] != UInt8(ascii: "\"") { end += output[end] == UInt8(ascii: "\\") ? 2 : 1 }
                let encoded = Data(output[quote...end])
                keysInOrder.append(try JSONDecoder().decode(String.self, from: encoded))
                reader = output[(end + 1)...]
            }
            #expect(keysInOrder == expected)
        }
    }

    @Test func listPaginatesWithCursorsAndOmitsNextOnTheLastPage() async throws {
        let spec = WorkspaceSpec(seed: 1, conversationCount: 320)
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: ["t": spec])) { server in
            var cursor: String?
            var ids: [String] = []
            var pages = 0
            repeat {
                let query =
                    "per_page=150"
                    + (cursor.map {
                        "&starting_after=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
                    } ?? "")
                let page = try await Self.get("\(server.baseURL)/conversations?\(query)", token: "t")
                #expect(page.status == 200)
                #expect(page.json["type"] as? String == "conversation.list")
                #expect(page.json["total_count"] as? Int == 320)
                let items = try #require(page.json["conversations"] as? [[String: Any]])
                #expect(items.allSatisfy { $0["conversation_parts"] == nil })
                ids += items.compactMap { $0["id"] as? String }
                let next = (page.json["pages"] as? [String: Any])?["next"] as? [String: Any]
                cursor = next?["starting_after"] as? String
                pages += 1
            } while cursor != nil
            #expect(pages == 3)
            #expect(ids.count == 320)
            #expect(Set(ids).count == 320)
            #expect(ids == (0..<320).map { Workspace(spec: spec).conversation(at: $0).id })
        }
    }

    @Test func perPageIsCappedAt150AndDefaultsTo20() async throws {
        try await FakeIntercomServer.withRunning(
            FakeIntercomConfiguration(workspaces: ["t": WorkspaceSpec(conversationCount: 400)])
        ) { server in
            let capped = try await Self.get("\(server.baseURL)/conversations?per_page=500", token: "t")
            #expect((capped.json["conversations"] as? [Any])?.count == 150)
            let plain = try await Self.get("\(server.baseURL)/conversations", token: "t")
            #expect((plain.json["conversations"] as? [Any])?.count == 20)
            let bad = try await Self.get("\(server.baseURL)/conversations?starting_after=garbage!!", token: "t")
            #expect(bad.status == 400)
        }
    }

    @Test func retrieveReturnsPartsAndCapsThemAt500() async throws {
        let spec = WorkspaceSpec(seed: 11, conversationCount: 700)
        let workspace = Workspace(spec: spec)
        let huge = try #require((0..<700).map(workspace.conversation(at:)).first { $0.parts.count > 500 })
        try await FakeIntercomServer.withRunning(FakeIntercomConfiguration(workspaces: ["t": spec])) { server in
            let response = try await Self.get("\(server.baseURL)/conversations/\(huge.id)", token: "t")
            #expect(response.status == 200)
            let parts = try #require(
                (response.json["conversation_parts"] as? [String: Any])?["conversation_parts"] as? [[String: Any]]
            )
            #expect(parts.count == 500)
            #expect(parts.last?["id"] as? String == huge.parts.last?.id)
            let statistics = try #require(response.json["statistics"] as? [String: Any])
            #expect(statistics["count_conversation_parts"] as? Int == huge.parts.count)
            #expect(response.json.keys.contains("topics"))
        }
    }

    @Test func errorsAreErrorLists() async throws {
        try await FakeIntercomServer.withRunning(
            FakeIntercomConfiguration(workspaces: ["t": WorkspaceSpec(conversationCount: 5)])
        ) { server in
            let unauthorized = try await Self.get("\(server.baseURL)/conversations", token: "nope")
            #expect(unauthorized.status == 401)
            #expect(unauthorized.headers["x-ratelimit-limit"] == nil)
            #expect(((unauthorized.json["errors"] as? [[String: Any]])?.first?["code"] as? String) == "unauthorized")
            #expect(unauthorized.json["request_id"] is String)
            let missing = try await Self.get("\(server.baseURL)/conversations/424242", token: "t")
            #expect(missing.status == 404)
            #expect(((missing.json["errors"] as? [[String: Any]])?.first?["code"] as? String) == "not_found")
            #expect(missing.headers["x-ratelimit-remaining"] != nil)
        }
    }

    @Test func rateLimitAnswers429PastTheWindowLimit() async throws {
        // The server's clock is moved by hand: which window a request falls into never depends on
        // how fast this machine is.
        let clock = HandClock(1_700_000_003.5)
        let configuration = FakeIntercomConfiguration(
            workspaces: ["t": WorkspaceSpec(conversationCount: 5), "u": WorkspaceSpec(conversationCount: 2)],
            rateLimitPerWindow: 3,
            clock: { clock.now }
        )
        try await FakeIntercomServer.withRunning(configuration) { server in
            // One 10-second window (1_700_000_000 to 1_700_000_010): the first 3 pass, the rest get 429.
            var statuses: [Int] = []
            for _ in 0..<8 {
                let response = try await Self.get("\(server.baseURL)/conversations?per_page=1", token: "t")
                #expect(response.headers["x-ratelimit-limit"] == "3")
                #expect(response.headers["retry-after"] == nil)
                #expect(response.headers["x-ratelimit-reset"] == "1700000010")
                if response.status == 429 {
                    #expect(response.headers["x-ratelimit-remaining"] == "0")
                    #expect(
                        ((response.json["errors"] as? [[String: Any]])?.first?["code"] as? String)
                            == "rate_limit_exceeded"
                    )
                }
                statuses.append(response.status)
                clock.advance(0.5)
            }
            #expect(statuses == [200, 200, 200, 429, 429, 429, 429, 429])
            #expect(server.stats.rateLimited == 5)

            // The next window starts afresh.
            clock.advance(10)
            let next = try await Self.get("\(server.baseURL)/conversations?per_page=1", token: "t")
            #expect(next.status == 200)
            #expect(next.headers["x-ratelimit-reset"] == "1700000020")
            #expect(next.headers["x-ratelimit-remaining"] == "2")
            #expect(server.stats.rateLimited == 5)

            // Each account's own limit: another token's requests count in its own windows, and the
            // stats say how many of each account's requests each window admitted (429s excluded).
            #expect(try await Self.get("\(server.baseURL)/conversations?per_page=1", token: "u").status == 200)
            #expect(
                server.stats.admittedPerWindow == ["t": [1_700_000_000: 3, 1_700_000_010: 1], "u": [1_700_000_010: 1]]
            )
        }
    }

    @Test func generationIsDeterministicAndVaried() {
        let spec = WorkspaceSpec(seed: 99, conversationCount: 2_000)
        let first = Workspace(spec: spec)
        let second = Workspace(spec: spec)
        var partCounts: [Int] = []
        var sawEmoji = false
        var sawHTML = false
        var sawEmptyBody = false
        for index in stride(from: 0, to: 2_000, by: 1) {
            let a = first.conversation(at: index)
            let b = second.conversation(at: index)
            #expect(a.id == b.id && a.parts.count == b.parts.count && a.sourceBodyHTML == b.sourceBodyHTML)
            partCounts.append(a.parts.count)
            let bodies = [a.sourceBodyHTML] + a.parts.compactMap(\.bodyHTML)
            sawEmoji = sawEmoji || bodies.contains { $0.unicodeScalars.contains { $0.properties.isEmojiPresentation } }
            sawHTML = sawHTML || bodies.contains { $0.contains("<a href=") || $0.contains("<li>") }
            sawEmptyBody = sawEmptyBody || a.parts.contains { $0.bodyHTML == "" }
        }
        #expect(partCounts.contains(0))
        #expect(partCounts.contains { $0 > 500 })
        #expect(partCounts.contains { $0 >= 100 })
        #expect(sawEmoji && sawHTML && sawEmptyBody)
    }
}

/// A clock tests move by hand (seconds since 1970).
final class HandClock: Sendable {
    private let time: Mutex<Double>

    init(_ start: Double) { time = Mutex(start) }

    var now: Double { time.withLock { $0 } }

    func advance(_ seconds: Double) { time.withLock { $0 += seconds } }
}
