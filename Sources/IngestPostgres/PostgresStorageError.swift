import Foundation
import IngestCore
import PostgresNIO

/// A PostgreSQL failure with a message that says what was being done and what went wrong.
///
/// The message never contains a bound SQL value or a password: server messages of the data-exception
/// class (SQLSTATE `22…`), which may quote the offending value, are reduced to their code.
public struct PostgresStorageError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let rawValue: String

        /// The database URL could not be understood.
        public static let invalidURL = Code(rawValue: "invalid_url")
        /// The server could not be reached or the connection broke.
        public static let unavailable = Code(rawValue: "unavailable")
        /// The server refused a statement.
        public static let queryFailed = Code(rawValue: "query_failed")
        /// A value cannot be stored (for example a date that is not finite).
        public static let invalidValue = Code(rawValue: "invalid_value")
        /// What is stored could not be read back.
        public static let unreadable = Code(rawValue: "unreadable")

        public var description: String { rawValue }
    }

    public var code: Code
    /// What was being done, where (the URL without its password), and what went wrong.
    public var message: String
    /// The server's SQLSTATE, when the server refused a statement.
    public var sqlState: String?

    /// An error with `message`, which must not contain bound values or secrets.
    public init(_ code: Code, _ message: String, sqlState: String? = nil) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
    }

    public var description: String { message }
}

extension PostgresStorageError {
    /// Turns whatever a PostgreSQL operation threw into an error a user can act on. Errors that are
    /// already ours (or cancellation) pass through unchanged.
    static func wrap(_ error: any Error, doing operation: String, database: String) -> any Error {
        switch error {
        case is PostgresStorageError, is QueueError, is IngestError, is CancellationError:
            return error
        case let error as PostgresTransactionError:
            if let inner = error.closureError ?? error.beginError ?? error.commitError {
                return wrap(inner, doing: operation, database: database)
            }
            return PostgresStorageError(.queryFailed, "PostgreSQL at \(database) failed to \(operation)")
        case let error as PSQLError:
            return from(error, doing: operation, database: database)
        case let error as PostgresDecodingError:
            return PostgresStorageError(
                .unreadable,
                "cannot \(operation): column \(error.columnName) of \(database) holds an unexpected "
                    + "\(error.postgresType) value (run `ingest migrate` with this version of ingest)"
            )
        case is DecodingError:
            return PostgresStorageError(
                .unreadable,
                "cannot \(operation): JSON stored in \(database) could not be decoded"
            )
        default:
            // What is left comes from the connection pool (it gave up connecting, or was shut down).
            return PostgresStorageError(
                .unavailable,
                "cannot \(operation): PostgreSQL at \(database) is unavailable (\(error))"
            )
        }
    }

    private static func from(_ error: PSQLError, doing operation: String, database: String) -> PostgresStorageError {
        if error.code == .server, let info = error.serverInfo {
            let state = info[.sqlState] ?? "?"
            // Data exceptions may quote the value that failed; say only what kind of failure it was.
            let detail = state.hasPrefix("22") ? "invalid data" : (info[.message] ?? "error")
            return PostgresStorageError(
                .queryFailed,
                "PostgreSQL at \(database) refused to \(operation): \(detail) (SQLSTATE \(state))",
                sqlState: state
            )
        }
        switch error.code {
        case .sslUnsupported:
            return PostgresStorageError(
                .unavailable,
                "cannot \(operation): PostgreSQL at \(database) does not offer TLS, which the URL's sslmode requires "
                    + "(use sslmode=prefer or sslmode=disable for a server without TLS)"
            )
        case .connectionError, .serverClosedConnection, .failedToAddSSLHandler,
            .poolClosed, .clientClosedConnection:
            let reason = error.underlying.map { ": \($0)" } ?? ""
            return PostgresStorageError(
                .unavailable,
                "cannot \(operation): PostgreSQL at \(database) is unavailable (\(error.code))\(reason)"
            )
        case .unsupportedAuthMechanism, .authMechanismRequiresPassword, .saslError:
            return PostgresStorageError(
                .unavailable,
                "cannot \(operation): PostgreSQL at \(database) refused the credentials in the URL (\(error.code))"
            )
        default:
            return PostgresStorageError(
                .queryFailed,
                "cannot \(operation) in PostgreSQL at \(database) (\(error.code))"
            )
        }
    }
}
