import FakeIntercom
import Foundation
import IngestCore
import Testing

@testable import IntercomConnector

/// `IntercomConversation(json:)` (the byte reader the worker uses) gives exactly what the `Decodable`
/// conformance gives through `JSONDecoder`, with the same lenient rules: on every object of Intercom's
/// published examples, on generated workspaces of both text mixes, on hand-made oddities, and on
/// thousands of randomly damaged conversations.
@Suite("Reading a conversation: the byte reader equals JSONDecoder")
struct ConversationReadingTests {
    /// Both decoders on `data`: equal values, or both failing.
    static func expectSameDecoding(_ data: Data, sourceLocation: SourceLocation = #_sourceLocation) {
        let decoded = try? JSONDecoder().decode(IntercomConversation.self, from: data)
        let read = try? IntercomConversation(json: data)
        #expect(
            read == decoded,
            "\(String(decoding: data, as: UTF8.self).prefix(2_000))",
            sourceLocation: sourceLocation
        )
    }

    static let examples: JSONValue = {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/intercom-conversation-examples.json")
        return try! JSONValue(parsing: Data(contentsOf: fixture))
    }()

    /// Every object anywhere in the examples (conversations, parts, lists, errors …).
    static let exampleObjects: [JSONValue] = {
        var objects: [JSONValue] = []
        func collect(_ value: JSONValue) {
            switch value {
            case .object(let fields):
                objects.append(value)
                fields.values.forEach(collect)
            case .array(let items): items.forEach(collect)
            default: break
            }
        }
        collect(examples)
        return objects
    }()

    /// Every object anywhere in the examples, as a document.
    @Test func everyObjectOfTheIntercomExamples() {
        let objects = Self.exampleObjects
        #expect(objects.count > 100)
        var conversations = 0
        for object in objects {
            let data = Data(object.canonicalString.utf8)
            Self.expectSameDecoding(data)
            if (try? IntercomConversation(json: data))?.parts.isEmpty == false { conversations += 1 }
        }
        #expect(conversations > 0)
    }

    @Test(arguments: WorkspaceSpec.TextMix.allCases)
    func everyConversationOfAGeneratedWorkspace(_ mix: WorkspaceSpec.TextMix) throws {
        let workspace = Workspace(spec: WorkspaceSpec(seed: 91, conversationCount: 400, meanParts: 8, text: mix))
        for index in 0..<workspace.count {
            let data = Data(JSONValue.object(workspace.conversation(at: index).retrieveJSON()).canonicalString.utf8)
            let read = try IntercomConversation(json: data)
            #expect(read == (try JSONDecoder().decode(IntercomConversation.self, from: data)))
            #expect(read.parts.count == workspace.conversation(at: index).parts.suffix(500).count)
        }
    }

    @Test(arguments: [
        #"{"id": 5, "created_at": "1700000000", "updated_at": 1.7e9, "open": 1, "read": "true"}"#,
        #"{"id": 5.0, "created_at": 1700000000.9, "updated_at": -12.5, "title": 7, "state": null}"#,
        #"{"id": 1e3, "created_at": 1e30, "updated_at": 1e400, "priority": ["x"]}"#,
        #"{"id": 12345678901234567890}"#, #"{"id": 9007199254740993}"#, #"{"id": -0}"#, #"{"id": 1.5}"#,
        #"{"id": null}"#, #"{"id": true}"#, #"{"id": {"a": 1}}"#, #"{"title": "no id"}"#, #"[]"#, #""x""#, #"{}"#,
        #"{"\u0069d": "escaped key", "ti\u0074le": "\ud83d\ude00 \ud800 lone"}"#,
        #"{"id": "1", "id": "2", "title": "a", "title": 3}"#, #"{"id": [], "id": "ok"}"#, #"{"id": "ok", "id": []}"#,
        #"{"id": "1", "contacts": {"contacts": [{"id": 1}, {"id": "2"}, {"type": "x"}]}}"#,
        #"{"id": "1", "contacts": {"contacts": [{"id": 1}, null]}, "teammates": {"teammates": [{"id": 3}, 4]}}"#,
        #"{"id": "1", "contacts": [], "teammates": {"teammates": {"id": 3}}, "tags": {"tags": [{"id": 1, "name": 2}]}}"#,
        #"{"id": "1", "tags": {"tags": [{"id": "1", "name": "a"}, "b"]}}"#, #"{"id": "1", "tags": {"tags": null}}"#,
        #"{"id": "1", "statistics": {"count_conversation_parts": 4.0}, "custom_attributes": {"a": [1, {"b": null}]}}"#,
        #"{"id": "1", "statistics": {"count_conversation_parts": "4"}, "custom_attributes": {"big": 1e400}}"#,
        #"{"id": "1", "statistics": [], "custom_attributes": [1], "source": "email"}"#,
        #"{"id": "1", "conversation_parts": {"conversation_parts": [{"id": 1}, {"body": "no id"}, 3, null, {"id": "2", "body": 4}]}}"#,
        #"{"id": "1", "conversation_parts": {"conversation_parts": {"id": 1}}}"#,
        #"{"id": "1", "conversation_parts": {"total_count": 1}}"#,
        #"{"id": "1", "conversation_parts": {"conversation_parts": [{"id": "a", "attachments": [{"name": "x", "filesize": 1.0}, 7, null, {"filesize": 1e99}]}]}}"#,
        #"{"id": "1", "conversation_parts": {"conversation_parts": [{"id": "a", "event_details": {"action": {"name": 5}, "attribute": {"name": "b"}}}]}}"#,
        #"{"id": "1", "conversation_parts": {"conversation_parts": [{"id": "a", "event_details": {"action": "x"}, "author": [], "assigned_to": {"id": 9, "type": "team"}}]}}"#,
        #"{"id": "1", "conversation_parts": {"conversation_parts": [{"id": "a", "event_details": [], "redacted": "yes", "created_at": "x"}]}}"#,
        #"{"id": "1", "source": {"id": 42, "author": {"id": 1.0, "name": null, "email": 3}, "attachments": {"a": 1}, "url": 5}}"#,
        #"{"id": "1", "source": null, "admin_assignee_id": 0, "team_assignee_id": "5"}"#,
        #"  {"id": "1"}  "#, #"{"id": "1"} x"#, #"{"id": "1""#, #"{"id": "1", "x": "\u001f", "t": "\t"}"#,
        "{\"id\": \"1\", \"title\": \"a raw tab\there\"}", #"{"id": "1", "a": {"b": [1, {"c": "d"}]}, "e": 2}"#,
        // Numbers beyond what a Double holds exactly, and just past an Int64.
        #"{"id": 9007199254740993.0}"#, #"{"id": 90071992547409930e-1}"#, #"{"id": 9.223372036854775807e18}"#,
        #"{"id": -9223372036854775809}"#, #"{"id": -9223372036854775808.0}"#, #"{"id": 1e19}"#,
        #"{"id": "1", "statistics": {"count_conversation_parts": 18014398509481985.00}}"#,
        #"{"id": "1", "statistics": {"count_conversation_parts": -9223372036854775809}}"#,
        #"{"id": "1", "statistics": {"count_conversation_parts": 9007199254740993.5}}"#,
        #"{"id": "1", "statistics": {"count_conversation_parts": -9223372036854775808.0}}"#,
        #"{"id": "1", "statistics": {"count_conversation_parts": 9.2233720368547758e18}}"#,
        #"{"id": "1", "created_at": 9007199254740993.5, "updated_at": -9007199254740995.9e0}"#,
    ])
    func handMadeOddities(_ json: String) {
        Self.expectSameDecoding(Data(json.utf8))
    }

    /// Bodies that are not all clean UTF-8: a byte order mark first, and bytes that are no UTF-8 in a
    /// string the model reads (that field is nil, as with `JSONDecoder`) or skips (nothing is lost).
    @Test func bytesThatAreNotText() throws {
        let skipped = Array(#"{"id": "1", "unknown": "a"#.utf8) + [0xC3] + Array(#"", "state": "open"}"#.utf8)
        let bodies: [[UInt8]] = [
            [0xEF, 0xBB, 0xBF] + Array(#"{"id": "1", "title": "a"}"#.utf8), skipped,
            Array(#"{"id": "1", "title": "a"#.utf8) + [0xFF] + Array(#"b", "state": "open"}"#.utf8),
            Array(#"{"id": "1", "ai_agent": {"x": "\u00e9"#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}}"#.utf8),
            Array(#"{"id": "1"#.utf8) + [0xFE] + Array(#""}"#.utf8),
        ]
        for body in bodies { Self.expectSameDecoding(Data(body)) }
        #expect(try IntercomConversation(json: Data(skipped)).state == "open")
    }

    /// `JSONDecoder` lets some malformed values pass where it does not look (a trailing comma, a bare
    /// `-`, a leading zero); the reader refuses a body that is not JSON, naming the byte, and the
    /// request is retried and then reported like any undecodable answer.
    @Test(arguments: [#"{"id": "1", "x": [1, 2,]}"#, #"{"id": "1", "x": 01}"#, #"{"id": "1", "y": -}"#])
    func malformedJSONIsRefused(_ json: String) {
        #expect(throws: JSONParseError.self) { try IntercomConversation(json: Data(json.utf8)) }
    }

    /// Conversations of Intercom's examples and of a generated workspace with random values replaced by
    /// random values of other types, at every depth.
    @Test func randomlyDamagedConversations() throws {
        let workspace = Workspace(spec: WorkspaceSpec(seed: 5, conversationCount: 60, meanParts: 4, text: .realWorld))
        var originals = (0..<workspace.count).map { JSONValue.object(workspace.conversation(at: $0).retrieveJSON()) }
        if case .object(let endpoints)? = Self.examples.objectValue?["endpoints"],
            case .object(let retrieve)? = endpoints["GET /conversations/{conversation_id}"],
            let body = retrieve["responses"]?.objectValue?["200"]?.objectValue?["body"]
        {
            originals.append(body)
        }
        var randomDamage = JSONDamage(
            rng: SplitMix64(seed: 2_027),
            replacements: [
                .null, .bool(true), .bool(false), .number(0), .number(1), .number(-3.5), .number(1e21),
                .number(1_700_000_000),
                .string(""), .string("12"), .string("x"), .array([]), .array([.null]),
                .array([.number(1), .string("a")]), .object([:]), .object(["id": .number(7)]),
                .object(["name": .string("n")]),
            ],
            topMemberPerMille: 80,
            elementPerMille: 30
        )
        for round in 0..<3_000 {
            let damaged = randomDamage.damage(originals[round % originals.count])
            Self.expectSameDecoding(Data(damaged.canonicalString.utf8))
        }
    }
}
