import FakeAPIKit
import Foundation
import HTTPTypes
import Hummingbird
import IngestCore

/// Test and demo controls, not part of Zendesk's API, with the account's credential:
/// `POST /_admin/touch|note|system_update|delete|restore|scrub` `{"ids": [...], "at": T?}`,
/// `POST /_admin/create` `{"count": N, "at": T?}` and `POST /_admin/advance_clock` `{"seconds": N}`.
/// They answer `{"ids": [...]}` (the ids changed) and are neither rate-limited nor counted.
extension FakeZendeskResponder {
    func admin(_ request: Request) async throws -> Response {
        guard request.method == .post else {
            return Self.error(.notFound, code: "RecordNotFound", description: "Not found", limit: nil, now: 0)
        }
        guard let (_, account) = authenticate(request.headers[.authorization]) else {
            return Self.error(.unauthorized, code: "Couldn't authenticate you", limit: nil, now: 0)
        }
        var request = request
        let bytes = try await request.collectBody(upTo: Self.maximumBodyBytes)
        guard let body = (try? JSONDecoder().decode(JSONValue.self, from: Data(bytes.readableBytesView)))?.objectValue
        else {
            return Self.badRequest("InvalidValue", "the body must be a JSON object", limit: nil, now: 0)
        }
        var at = clock.seconds
        if let raw = body["at"], raw != .null {
            guard case .number(let number) = raw, number == number.rounded(), number >= 0 else {
                return Self.badRequest("InvalidValue", "at must be Unix seconds", limit: nil, now: 0)
            }
            at = Int64(number)
        }
        let ids =
            body["ids"]?.arrayValue?.compactMap { value -> Int64? in
                if case .number(let number) = value, number == number.rounded() { return Int64(number) }
                return value.stringValue.flatMap { Int64($0) }
            } ?? []
        let changed: [Int64]
        switch request.uri.path {
        case "/_admin/touch": changed = account.touch(ids, at: at)
        case "/_admin/note": changed = account.addInternalNote(ids, at: at)
        case "/_admin/system_update": changed = account.systemUpdate(ids, at: at)
        case "/_admin/delete": changed = account.softDelete(ids, at: at)
        case "/_admin/restore": changed = account.restore(ids, at: at)
        case "/_admin/scrub": changed = account.scrub(ids)
        case "/_admin/create":
            guard case .number(let count)? = body["count"], count >= 1, count <= 100_000, count == count.rounded()
            else {
                return Self.badRequest("InvalidValue", "count must be an integer from 1 to 100000", limit: nil, now: 0)
            }
            changed = account.create(Int(count), at: at)
        case "/_admin/advance_clock":
            guard case .number(let seconds)? = body["seconds"], seconds >= 0, seconds <= 86_400 * 366,
                seconds == seconds.rounded()
            else {
                return Self.badRequest(
                    "InvalidValue",
                    "seconds must be an integer from 0 to 31622400",
                    limit: nil,
                    now: 0
                )
            }
            clock.advance(by: Int64(seconds))
            changed = []
        default:
            return Self.error(.notFound, code: "RecordNotFound", description: "Not found", limit: nil, now: 0)
        }
        return Self.json(["ids": ZendeskJSON.ids(changed)], limit: nil, now: 0)
    }
}
