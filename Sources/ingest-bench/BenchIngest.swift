import Foundation

/// The `ingest` CLI as a benchmark run calls it: this executable as `ingest-bench ingest …`, in a
/// scratch directory of its own, on the embedded defaults (one SQLite file, a secrets file).
struct BenchIngest: Sendable {
    let executable: String
    let directory: URL
    let environment: [String: String]
    /// The CPU the worker is pinned to (all its threads), or nil to let the scheduler place it.
    let workerCore: Int?

    /// `variables` are added to the environment (the fake's base URL, concurrency settings).
    init(executable: String, directory: URL, variables: [String: String], workerCore: Int? = nil) {
        self.executable = executable
        self.workerCore = workerCore
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
    ///
    /// `INGEST_BENCH_WORKER_WRAPPER` (words separated by spaces) runs each worker under another program:
    /// `taskset -c 1` pins it to one core, `perf record -g -o /tmp/worker.data` profiles it. The CPU
    /// and memory the benchmark prints are then the wrapper's with its child's; the checks still hold.
    @discardableResult
    func callAsFunction(_ arguments: [String], input: String? = nil) async throws -> ChildResult {
        var command = [executable, "ingest"] + arguments
        if arguments.first == "worker" {
            if let wrapper = ProcessInfo.processInfo.environment["INGEST_BENCH_WORKER_WRAPPER"]?
                .split(separator: " ").map(String.init), !wrapper.isEmpty
            {
                command = [Self.resolve(wrapper[0])] + wrapper.dropFirst() + command
            }
            if let workerCore {
                // taskset (util-linux) sets the affinity and execs the worker: the same process, so
                // wait4's CPU time and /proc's peak memory are the worker's; its threads inherit it.
                command = [Self.resolve("taskset"), "--cpu-list", "\(workerCore)"] + command
            }
        }
        let result = try await ChildProcess.run(
            command[0],
            Array(command.dropFirst()),
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

    /// `program` as a path: looked up in PATH when it names no directory (posix_spawn does not search).
    static func resolve(_ program: String) -> String {
        guard !program.contains("/") else { return program }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(program)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) } ?? program
    }
}
