import Foundation
public import PostgresNIO

/// A parsed `postgres://user:password@host:port/database?sslmode=…` URL (also `postgresql://`).
///
/// User, password, host and database are percent-decoded; the port defaults to 5432 and the database to
/// the user name. A host that starts with `/` (percent-encoded as `%2F`) is a Unix socket directory.
/// Query parameters: `sslmode` (`disable`, `prefer` — the default, as with libpq —, `require`,
/// `verify-ca`, `verify-full`), `application_name` and `connect_timeout` (seconds). `prefer` and
/// `require` encrypt without verifying the certificate, as libpq does; use `verify-full` to verify it.
///
/// ``description`` and ``redacted`` never show the password.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    /// How the connection uses TLS.
    public enum SSLMode: String, Sendable, Hashable, CaseIterable {
        // The libpq names; `allow` is not offered (use `prefer`).
        case disable
        case prefer
        case require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// A host name, an IP address (IPv6 without brackets) or a Unix socket directory (starting with `/`).
    public var host: String
    public var port: Int
    public var username: String
    /// Never printed: ``description`` and ``redacted`` show `***`.
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    /// Shown in `pg_stat_activity`.
    public var applicationName: String?
    /// How long one connection attempt may take; postgres-nio's default (10 s) when nil.
    public var connectTimeout: Duration?

    static let schemes: Set<String> = ["postgres", "postgresql"]
    static let parameters = ["sslmode", "application_name", "connect_timeout"]

    /// Parses `string`; the error says what is wrong without repeating the password.
    public init(_ string: String) throws {
        let redacted = Self.redact(string)
        func invalid(_ problem: String) -> PostgresStorageError {
            PostgresStorageError(.invalidURL, "the database URL \(redacted) \(problem)")
        }
        guard let components = URLComponents(string: string), let scheme = components.scheme?.lowercased(),
            Self.schemes.contains(scheme)
        else {
            throw invalid("is not a postgres:// URL (expected postgres://user:password@host:5432/database)")
        }
        guard let user = components.percentEncodedUser?.removingPercentEncoding, !user.isEmpty else {
            throw invalid("names no user (expected postgres://user:password@host:5432/database)")
        }
        var host = components.percentEncodedHost?.removingPercentEncoding ?? ""
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else {
            throw invalid("names no host (expected postgres://user:password@host:5432/database)")
        }
        var database = components.percentEncodedPath.removingPercentEncoding ?? ""
        if database.hasPrefix("/") { database.removeFirst() }
        guard !database.contains("/") else {
            throw invalid("has a path with more than a database name")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = user
        self.password = components.percentEncodedPassword?.removingPercentEncoding
        self.database = database.isEmpty ? user : database
        self.sslMode = .prefer
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    let allowed = SSLMode.allCases.map(\.rawValue).joined(separator: ", ")
                    throw invalid("has sslmode=\(value); allowed: \(allowed)")
                }
                sslMode = mode
            case "application_name":
                applicationName = value
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw invalid("has connect_timeout=\(value); expected a positive number of seconds")
                }
                connectTimeout = .seconds(seconds)
            default:
                throw invalid(
                    "has the parameter \(item.name), which is not supported "
                        + "(supported: \(Self.parameters.joined(separator: ", ")))"
                )
            }
        }
    }

    /// True when `string` looks like a PostgreSQL URL (by its scheme).
    public static func matches(_ string: String) -> Bool {
        schemes.contains { string.lowercased().hasPrefix($0 + "://") }
    }

    /// The URL with its password replaced by `***`.
    public var redacted: String {
        var text = "postgres://\(username)\(password == nil ? "" : ":***")@"
        text += host.contains(":") ? "[\(host)]" : host
        text += ":\(port)/\(database)"
        if sslMode != .prefer { text += "?sslmode=\(sslMode.rawValue)" }
        return text
    }

    public var description: String { redacted }

    /// Replaces the password of any URL-shaped `string` with `***`, without parsing it (for strings
    /// that failed to parse).
    public static func redact(_ string: String) -> String {
        guard let schemeEnd = string.range(of: "://") else { return string }
        let rest = string[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return string }
        let userInfo = authority[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return string }
        return String(string[..<colon]) + ":***" + String(string[at...])
    }

    /// The postgres-nio client configuration for this URL, optionally with `search_path` set to `schema`.
    public func clientConfiguration(schema: String? = nil, maximumConnections: Int = 20) -> PostgresClient.Configuration
    {
        var configuration: PostgresClient.Configuration
        if host.hasPrefix("/") {
            configuration = PostgresClient.Configuration(
                unixSocketPath: socketPath,
                username: username,
                password: password,
                database: database
            )
        } else {
            configuration = PostgresClient.Configuration(
                host: host,
                port: port,
                username: username,
                password: password,
                database: database,
                tls: tls
            )
        }
        configuration.options.additionalStartupParameters = startupParameters(schema: schema)
        configuration.options.maximumConnections = max(maximumConnections, 1)
        if let connectTimeout { configuration.options.connectTimeout = connectTimeout }
        return configuration
    }

    /// The configuration of one direct connection (outside the pool), as ``clientConfiguration(schema:maximumConnections:)``.
    func connectionConfiguration(schema: String? = nil) throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if host.hasPrefix("/") {
            configuration = PostgresConnection.Configuration(
                unixSocketPath: socketPath,
                username: username,
                password: password,
                database: database
            )
        } else {
            let tls: PostgresConnection.Configuration.TLS
            switch tlsSetting {
            case .none: tls = .disable
            case .preferred(let settings): tls = .prefer(try NIOSSLContext(configuration: settings))
            case .required(let settings): tls = .require(try NIOSSLContext(configuration: settings))
            }
            configuration = PostgresConnection.Configuration(
                host: host,
                port: port,
                username: username,
                password: password,
                database: database,
                tls: tls
            )
        }
        configuration.options.additionalStartupParameters = startupParameters(schema: schema)
        if let connectTimeout { configuration.options.connectTimeout = .nanoseconds(connectTimeout.nanoseconds) }
        return configuration
    }

    private var socketPath: String {
        host.hasSuffix("/") ? host + ".s.PGSQL.\(port)" : host + "/.s.PGSQL.\(port)"
    }

    private func startupParameters(schema: String?) -> [(String, String)] {
        var parameters: [(String, String)] = []
        if let schema { parameters.append(("search_path", schema)) }
        if let applicationName { parameters.append(("application_name", applicationName)) }
        return parameters
    }

    private enum TLSSetting {
        case none
        case preferred(TLSConfiguration)
        case required(TLSConfiguration)
    }

    private var tlsSetting: TLSSetting {
        var settings = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .disable:
            return .none
        case .prefer:
            settings.certificateVerification = .none
            return .preferred(settings)
        case .require:
            settings.certificateVerification = .none
            return .required(settings)
        case .verifyCA:
            settings.certificateVerification = .noHostnameVerification
            return .required(settings)
        case .verifyFull:
            settings.certificateVerification = .fullVerification
            return .required(settings)
        }
    }

    private var tls: PostgresClient.Configuration.TLS {
        switch tlsSetting {
        case .none: .disable
        case .preferred(let settings): .prefer(settings)
        case .required(let settings): .require(settings)
        }
    }
}
