import FakeIntercom
import Foundation
import IngestCore
import Testing

@testable import IntercomConnector

/// `IntercomConversationList(json:)` and `IntercomSearchPage(json:)` (the byte reader the worker
/// uses) give exactly what their `Decodable` conformances give through `JSONDecoder`: on every object
/// of Intercom's published examples, on pages of generated workspaces, on hand-made oddities and on
/// randomly damaged pages.
@Suite("Reading list pages: the byte reader equals JSONDecoder")
struct ListReadingTests {
    /// Both decoders of both page types on `data`: equal values, or both failing.
    static func expectSameDecoding(_ data: Data, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = String(decoding: data, as: UTF8.self).prefix(2_000)
        let decodedList = try? JSONDecoder().decode(IntercomConversationList.self, from: data)
        #expect((try? IntercomConversationList(json: data)) == decodedList, "\(text)", sourceLocation: sourceLocation)
        let decodedSearch = try? JSONDecoder().decode(IntercomSearchPage.self, from: data)
        #expect((try? IntercomSearchPage(json: data)) == decodedSearch, "\(text)", sourceLocation: sourceLocation)
    }

    /// A page as the fake and Intercom write it: list items are conversations without their parts.
    static func page(_ workspace: Workspace, _ range: Range<Int>, cursor: String?) -> JSONValue {
        var pages: [String: JSONValue] = ["type": "pages", "page": 2, "per_page": .number(Double(range.count))]
        if let cursor { pages["next"] = ["page": 3, "starting_after": .string(cursor)] }
        return [
            "type": "conversation.list",
            "conversations": .array(
                range.map { index in
                    var item = workspace.conversation(at: index).retrieveJSON()
                    item["conversation_parts"] = nil
                    return .object(item)
                }
            ),
            "total_count": .number(Double(workspace.count)),
            "pages": .object(pages),
        ]
    }

    @Test func everyObjectOfTheIntercomExamples() {
        var pages = 0
        for object in ConversationReadingTests.exampleObjects {
            let data = Data(object.canonicalString.utf8)
            Self.expectSameDecoding(data)
            if (try? IntercomConversationList(json: data))?.conversationIDs.isEmpty == false { pages += 1 }
        }
        // The list, search and deleted examples.
        #expect(pages >= 3)
    }

    @Test(arguments: WorkspaceSpec.TextMix.allCases)
    func pagesOfAGeneratedWorkspace(_ mix: WorkspaceSpec.TextMix) throws {
        let workspace = Workspace(spec: WorkspaceSpec(seed: 17, conversationCount: 300, meanParts: 2, text: mix))
        for start in stride(from: 0, to: workspace.count, by: 150) {
            let range = start..<min(start + 150, workspace.count)
            let cursor = range.upperBound < workspace.count ? "WzE3MDAwMDAwMDAsIjEyMyJd+/=\(start)" : nil
            let data = Data(Self.page(workspace, range, cursor: cursor).canonicalString.utf8)
            let list = try IntercomConversationList(json: data)
            #expect(list == (try JSONDecoder().decode(IntercomConversationList.self, from: data)))
            #expect(list.conversationIDs == range.map { workspace.conversation(at: $0).id })
            #expect(list.nextCursor == cursor && list.totalCount == 300)
            let search = try IntercomSearchPage(json: data)
            #expect(search == (try JSONDecoder().decode(IntercomSearchPage.self, from: data)))
            #expect(search.items.map(\.updatedAt) == range.map { workspace.conversation(at: $0).updatedAt })
        }
    }

    @Test(arguments: [
        #"{"conversations": []}"#, #"{"conversations": null}"#, #"{"conversations": {}}"#, #"{}"#, #"[]"#, #""x""#,
        #"{"conversations": [{"id": 1}, {"id": "2"}, {"id": 3.0}, {"id": 1.5}, {"id": null}, {}, 4, null, "5", []]}"#,
        #"{"conversations": [{"id": "1", "updated_at": "1700000000"}, {"id": "2", "updated_at": 1.7e9}]}"#,
        #"{"conversations": [{"id": "1", "updated_at": 1e400}, {"id": "2", "updated_at": [1]}, {"id": 12345678901234567890}]}"#,
        #"{"conversations": [{"id": "1", "id": "2"}, {"\u0069d": "escaped"}, {"id": "\ud800 lone"}]}"#,
        #"{"conversations": [], "conversations": [{"id": "1"}]}"#, #"{"conversations": 1, "conversations": []}"#,
        #"{"conversations": [], "total_count": 5.0}"#, #"{"conversations": [], "total_count": "5"}"#,
        #"{"conversations": [], "total_count": 1e30}"#, #"{"conversations": [], "total_count": -1}"#,
        #"{"conversations": [{"id": 9007199254740993.0}, {"id": -9223372036854775809}], "total_count": 9007199254740993.5}"#,
        #"{"conversations": [], "pages": {"next": {"starting_after": "abc"}}}"#,
        #"{"conversations": [], "pages": {"next": {"starting_after": ""}}}"#,
        #"{"conversations": [], "pages": {"next": {"starting_after": 12}}}"#,
        #"{"conversations": [], "pages": {"next": {"starting_after": null, "page": 2}}}"#,
        #"{"conversations": [], "pages": {"next": "https://api.intercom.io/conversations?page=2"}}"#,
        #"{"conversations": [], "pages": {"next": null}}"#, #"{"conversations": [], "pages": []}"#,
        #"{"conversations": [], "pages": {"next": {"starting_after": "a"}, "next": {"starting_after": "b"}}}"#,
        #"{"conversations": [], "pages": {"next": {"starting_after": "\ud83d\ude00"}}}"#,
        #"{"type": "error.list", "errors": [{"code": "unauthorized", "message": "Access Token Invalid"}]}"#,
    ])
    func oddities(_ json: String) {
        Self.expectSameDecoding(Data(json.utf8))
    }

    /// A listed conversation's title with bytes that are no UTF-8 loses nothing; a byte order mark
    /// before the page is skipped.
    @Test func bytesThatAreNotText() throws {
        let page =
            Array(#"{"conversations": [{"id": "1", "title": "caf"#.utf8) + [0xE9]
            + Array(#""}, {"id": "2"}], "pages": {"next": {"starting_after": "c"}}}"#.utf8)
        for body in [page, [0xEF, 0xBB, 0xBF] + page] {
            Self.expectSameDecoding(Data(body))
            let list = try IntercomConversationList(json: Data(body))
            #expect(list.conversationIDs == ["1", "2"] && list.nextCursor == "c")
        }
    }

    /// `JSONDecoder` lets a trailing comma pass where it does not look; the reader refuses a body that
    /// is not JSON, and the request is retried and then reported like any undecodable answer.
    @Test func malformedJSONIsRefused() {
        let json = #"{"conversations": [{"id": "1", "x": [1,]}]}"#
        #expect(throws: JSONParseError.self) { try IntercomConversationList(json: Data(json.utf8)) }
        #expect(throws: JSONParseError.self) { try IntercomSearchPage(json: Data(json.utf8)) }
    }

    /// Pages with random values replaced by random values of other types, at every depth.
    @Test func randomlyDamagedPages() {
        let workspace = Workspace(spec: WorkspaceSpec(seed: 8, conversationCount: 40, meanParts: 1, text: .realWorld))
        let originals = [
            Self.page(workspace, 0..<20, cursor: "next-20"), Self.page(workspace, 20..<40, cursor: nil),
        ]
        var randomDamage = JSONDamage(
            rng: SplitMix64(seed: 4_051),
            replacements: [
                .null, .bool(true), .number(0), .number(-3.5), .number(1e21), .number(1_700_000_000), .string(""),
                .string("12"), .array([]), .array([.null]), .object([:]), .object(["id": .number(7)]),
                .object(["starting_after": .string("c")]),
            ],
            topMemberPerMille: 120,
            elementPerMille: 40
        )
        for round in 0..<600 {
            Self.expectSameDecoding(Data(randomDamage.damage(originals[round % originals.count]).canonicalString.utf8))
        }
    }
}
