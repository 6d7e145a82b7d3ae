import Foundation

/// The `ingest` CLI as a benchmark run calls it: this executable as `ingest-bench ingest …`, in a
/// scratch directory of its own, on the embedded defaults (one SQLite file, a secrets file).
struct BenchIngest: Sendable {
    let executable: String
    let directory: URL
    let environment: [String: String]

    /// `variables` are added to the environment (the fake's base URL, concurrency settings).
    init(executable: String, directory: URL, variables: [String: String]) {
        self.executable = executable
        self.directory = directory
        self.environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": directory.path,
            "XDG_CONFIG_HOME": directory.appendingPathComponent("config").path,
            "INGEST_DATABASE_URL": "sqlite:\(directory.appendingPathComponent("ingest.sqlite").path)",
            "INGEST_LOG_LEVEL": "warning",
        ].merging(variables) { $1 }
    }

    var databasePath: String { directory.appendingPathComponent("ingest.sqlite").path }

    /// Runs `ingest ARGUMENTS`; a non-zero exit throws with the end of its standard error.
    @discardableResult
    func callAsFunction(_ arguments: [String], input: String? = nil) async throws -> ChildResult {
        let result = try await ChildProcess.run(
            executable,
            ["ingest"] + arguments,
            environment: environment,
            input: input,
            directory: directory
        )
        guard result.status == 0 else {
            throw ChildProcessError(
                description: "ingest \(arguments.joined(separator: " ")) exited with \(result.status): "
                    + result.stderr.suffix(2_000)
            )
        }
        return result
    }
}
