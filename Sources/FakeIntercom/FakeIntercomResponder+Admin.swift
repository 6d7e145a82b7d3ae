import Foundation
import HTTPTypes
import Hummingbird
import IngestCore

/// Test and demo controls, not part of Intercom's API: `POST /_admin/touch` `{"ids": [...], "at": T?}`,
/// `POST /_admin/delete` `{"ids": [...], "at": T?}` and `POST /_admin/create` `{"count": N, "at": T?}`,
/// with the workspace's bearer token. They answer `{"ids": [...]}` (the ids changed) and are neither
/// rate-limited nor counted in the request stats.
extension FakeIntercomResponder {
    func admin(_ request: Request) async throws -> Response {
        guard let token = Self.bearerToken(request.headers[.authorization]), let tenant = tenants[token] else {
            return Self.error(.unauthorized, code: "unauthorized", message: "Access Token Invalid", limit: nil)
        }
        var request = request
        let bytes = try await request.collectBody(upTo: Self.maximumBodyBytes)
        guard let body = (try? JSONDecoder().decode(JSONValue.self, from: Data(bytes.readableBytesView)))?.objectValue
        else {
            return Self.badRequest("the body must be a JSON object", limit: nil)
        }
        var at = Int64(configuration.clock().rounded(.down))
        if let raw = body["at"], raw != .null {
            guard case .number(let number) = raw, number == number.rounded() else {
                return Self.badRequest("at must be Unix seconds", limit: nil)
            }
            at = Int64(number)
        }
        let ids = body["ids"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let changed: [String]
        switch request.uri.path {
        case "/_admin/touch": changed = tenant.touch(ids, at: at)
        case "/_admin/delete": changed = tenant.delete(ids, at: at)
        case "/_admin/create":
            guard case .number(let count)? = body["count"], count >= 1, count <= 100_000 else {
                return Self.badRequest("count must be an integer from 1 to 100000", limit: nil)
            }
            changed = tenant.create(Int(count), at: at)
        default:
            return Self.notFound(limit: nil)
        }
        return Self.json(["ids": .array(changed.map(JSONValue.string))], limit: nil)
    }
}
