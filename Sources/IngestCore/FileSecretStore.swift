import Foundation

/// The embedded secret store: one JSON file, `{"<tenant>": {"<name>": "<value>"}}`, readable by its
/// owner only (mode 0600, in a 0700 directory). By default
/// `$XDG_CONFIG_HOME/ingest/secrets.json`, else `~/.config/ingest/secrets.json`.
public struct FileSecretStore: WritableSecretStore {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The default location for this user.
    public static func defaultPath(environment: [String: String]) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return "\(xdg)/ingest/secrets.json" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return "\(home)/.config/ingest/secrets.json"
    }

    /// Secret names: 1…64 lowercase letters, digits and `_`.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }

    public func secret(named name: String, tenantID: TenantID) async throws -> Secret {
        let all = try load()
        guard let value = all[tenantID.rawValue]?[name] else {
            throw SecretError(.notFound, "secret \(name) of tenant \(tenantID) is not in \(path)")
        }
        return Secret(value)
    }

    public func setSecret(_ secret: Secret, named name: String, tenantID: TenantID) async throws {
        guard Self.isValidName(name) else {
            throw SecretError(
                .invalidName,
                "secret name \"\(name.prefix(40))\" is invalid: use 1 to 64 lowercase letters, digits or '_'"
            )
        }
        var all = try load()
        all[tenantID.rawValue, default: [:]][name] = secret.value
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(
                atPath: directory,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
            let data = try JSONSerialization.data(withJSONObject: all, options: [.sortedKeys, .prettyPrinted])
            // Write a private temporary file, then rename: never a moment with the secret world-readable.
            let temporary = path + ".tmp-\(getpid())"
            guard
                FileManager.default.createFile(
                    atPath: temporary,
                    contents: data,
                    attributes: [.posixPermissions: 0o600]
                )
            else {
                throw SecretError(.storage, "cannot write the secrets file \(temporary)")
            }
            chmod(temporary, 0o600)
            if rename(temporary, path) != 0 {
                unlink(temporary)
                throw SecretError(.storage, "cannot replace the secrets file \(path) (errno \(errno))")
            }
        } catch let error as SecretError {
            throw error
        } catch {
            throw SecretError(.storage, "cannot write the secrets file \(path): \(error.localizedDescription)")
        }
    }

    private func load() throws -> [String: [String: String]] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SecretError(.storage, "cannot read the secrets file \(path) (check its permissions)")
        }
        guard let all = try? JSONSerialization.jsonObject(with: data) as? [String: [String: String]] else {
            throw SecretError(.storage, "the secrets file \(path) is not a JSON object of tenants to {name: value}")
        }
        return all
    }
}
