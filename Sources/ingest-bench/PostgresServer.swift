import Foundation
import IngestPostgres
import PostgresNIO

/// A PostgreSQL server for `--backend postgres`, started the way the test script starts it
/// (`scripts/lib/services.sh`: a temporary data directory, 127.0.0.1 on a free port, as the `postgres`
/// user when run as root), or one the caller already runs (`--postgres-url`). Each benchmark run gets
/// a database of its own, so its size is the run's.
final class PostgresServer: Sendable {
    /// `postgres://user@host:port/` without a database name.
    let baseURL: String
    /// The data directory of a server this benchmark started (stopped and removed by ``stop()``).
    private let dataDirectory: String?
    private let script: String?

    private init(baseURL: String, dataDirectory: String?, script: String?) {
        self.baseURL = baseURL
        self.dataDirectory = dataDirectory
        self.script = script
    }

    /// Starts a server with `scripts/lib/services.sh`, found beside the working directory or above the
    /// executable (`.build/release/ingest-bench` in a checkout).
    static func start(executable: String, scratch: URL) async throws -> PostgresServer {
        guard let script = servicesScript(executable: executable) else {
            throw ChildProcessError(
                description: "--backend postgres needs scripts/lib/services.sh (run from the checkout) "
                    + "or --postgres-url of a running server"
            )
        }
        let result = try await ChildProcess.run(
            "/bin/bash",
            [
                "-c",
                "set -e; source \"$1\"; ingest_postgres_start >&2; "
                    + "printf '%s\\n%s\\n' \"$INGEST_TEST_POSTGRES_URL\" \"$INGEST_PG_DATA\"",
                "bash", script,
            ],
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"],
            directory: scratch
        )
        let lines = result.stdout.split(separator: "\n").map(String.init)
        guard result.status == 0, lines.count == 2, let slash = lines[0].range(of: "/", options: .backwards) else {
            throw ChildProcessError(description: "PostgreSQL did not start: " + result.stderr.suffix(2_000))
        }
        return PostgresServer(
            baseURL: String(lines[0][..<slash.upperBound]),
            dataDirectory: lines[1],
            script: script
        )
    }

    /// A server the caller runs: `url` names any database on it (the benchmark creates its own).
    static func existing(url: String) throws -> PostgresServer {
        _ = try PostgresURL(url)
        guard let scheme = url.range(of: "://"), let slash = url[scheme.upperBound...].firstIndex(of: "/") else {
            return PostgresServer(baseURL: url.hasSuffix("/") ? url : url + "/", dataDirectory: nil, script: nil)
        }
        return PostgresServer(baseURL: String(url[...slash]), dataDirectory: nil, script: nil)
    }

    /// Stops a server this benchmark started and removes its data directory.
    func stop(scratch: URL) async {
        guard let dataDirectory, let script else { return }
        _ = try? await ChildProcess.run(
            "/bin/bash",
            ["-c", "source \"$1\"; INGEST_PG_DATA=\"$2\"; ingest_postgres_stop", "bash", script, dataDirectory],
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"],
            directory: scratch
        )
    }

    /// Creates an empty database `name` and returns its URL.
    func createDatabase(_ name: String) async throws -> String {
        try await Self.withClient(url: baseURL + "postgres") { client in
            _ = try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name)")).collect()
            _ = try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)")).collect()
        }
        return baseURL + name
    }

    /// Drops the database `name`.
    func dropDatabase(_ name: String) async {
        try? await Self.withClient(url: baseURL + "postgres") { client in
            _ = try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
                .collect()
        }
    }

    /// The CPU time (user + system, seconds) the server's processes have used so far: the postmaster's
    /// own and its reaped children's (backends of closed connections), plus its living children's.
    /// Nil when the server is not one this benchmark started (its processes may be elsewhere).
    func cpuSeconds() -> Double? {
        guard let dataDirectory,
            let pidFile = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8),
            let postmaster = pidFile.split(separator: "\n").first.flatMap({ Int($0) })
        else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        var total = 0.0
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
        for entry in entries {
            guard let pid = Int(entry), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.range(of: ")", options: .backwards)
            else { continue }
            // After "pid (comm)": state ppid … utime(14) stime(15) cutime(16) cstime(17), 1-based fields.
            let fields = stat[close.upperBound...].split(separator: " ")
            guard fields.count > 14, let parent = Int(fields[1]) else { continue }
            let times = fields[11...14].map { Double($0) ?? 0 }
            if pid == postmaster {
                total += times.reduce(0, +) / ticks
            } else if parent == postmaster {
                total += (times[0] + times[1]) / ticks
            }
        }
        return total
    }

    /// Runs `body` with a client on `url` (no migrations).
    static func withClient<T: Sendable>(
        url: String,
        _ body: @Sendable (PostgresClient) async throws -> T
    ) async throws -> T {
        let database = try PostgresDatabase(url: url, maximumConnections: 2)
        return try await database.withRunning { database in try await body(database.client) }
    }

    private static func servicesScript(executable: String) -> String? {
        var candidates = [FileManager.default.currentDirectoryPath]
        var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(directory.path)
            directory = directory.deletingLastPathComponent()
        }
        return candidates.map { $0 + "/scripts/lib/services.sh" }.first { FileManager.default.fileExists(atPath: $0) }
    }
}
