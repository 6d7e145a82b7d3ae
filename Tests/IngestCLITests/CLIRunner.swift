import Foundation
import Synchronization
import Testing

/// Runs the built `ingest` executable as a user would, in a scratch directory of its own.
struct CLIRunner: Sendable {
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    let directory: URL
    var environment: [String: String]

    /// The `ingest` binary beside the test bundle (or `INGEST_BINARY`).
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["INGEST_BINARY"] { return URL(fileURLWithPath: path) }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = exe.deletingLastPathComponent()
        // swift-testing may run from inside the .xctest bundle directory on some layouts.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("ingest").path),
            directory.path != "/"
        {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("ingest")
    }

    init(extraEnvironment: [String: String] = [:]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": directory.path,
            "XDG_CONFIG_HOME": directory.appendingPathComponent("config").path,
            "INGEST_DATABASE_URL": "sqlite:\(directory.appendingPathComponent("ingest.sqlite").path)",
        ]
        environment.merge(extraEnvironment) { _, new in new }
        self.environment = environment
    }

    var databasePath: String { directory.appendingPathComponent("ingest.sqlite").path }

    /// Runs `ingest ARGS`, feeding `input` on standard input, and waits at most `timeout` — without
    /// blocking a thread, since the fake Intercom serving the subprocess lives in this process.
    func run(_ arguments: [String], input: String? = nil, timeout: Duration = .seconds(300)) async throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        let outURL = directory.appendingPathComponent("stdout-\(UUID().uuidString)")
        let errURL = directory.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = stdin
        let exited = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in exited.continuation.finish() }
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let timedOut = try await Self.waitForExit(process, exited: exited.stream, killAfter: timeout)
        if timedOut {
            throw TimedOut(arguments: arguments)
        }
        try out.close()
        try err.close()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        )
    }

    /// Stores `token` as `tenant`'s Intercom token and enqueues a backfill (with `config`, if given),
    /// as a user would; returns the job id.
    func storeTokenAndBackfill(_ token: String, tenant: String = "acme", config: String? = nil) async throws -> String {
        let stored = try await run(
            ["secrets", "set", "--tenant-id", tenant, "--name", "intercom_access_token"],
            input: token
        )
        #expect(stored.status == 0, "\(stored.stderr)")
        let backfill = try await run(
            ["backfill", "--tenant-id", tenant, "--connector", "intercom"] + (config.map { ["--config", $0] } ?? [])
        )
        #expect(backfill.status == 0, "\(backfill.stderr)")
        return backfill.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Starts `ingest ARGS` in the background; its output goes to files read by ``Background/finish()``.
    func start(_ arguments: [String]) throws -> Background {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        let outURL = directory.appendingPathComponent("bg-stdout-\(UUID().uuidString)")
        let errURL = directory.appendingPathComponent("bg-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        let exited = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in exited.continuation.finish() }
        try process.run()
        return Background(process: process, exited: exited.stream, stdout: outURL, stderr: errURL)
    }

    /// A running `ingest` process.
    struct Background: @unchecked Sendable {
        let process: Process
        let exited: AsyncStream<Void>
        let stdout: URL
        let stderr: URL

        func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

        /// Waits for the exit (killing the process after `timeout`) and returns its result.
        func finish(timeout: Duration = .seconds(60)) async throws -> Result {
            _ = try await CLIRunner.waitForExit(process, exited: exited, killAfter: timeout)
            return Result(
                status: process.terminationStatus,
                stdout: String(decoding: try Data(contentsOf: stdout), as: UTF8.self),
                stderr: String(decoding: try Data(contentsOf: stderr), as: UTF8.self)
            )
        }
    }

    /// Waits for `process` to exit without blocking a thread of the concurrency pool: it is killed
    /// after `killAfter` (returns true), or at once when the waiting task is cancelled (throws
    /// `CancellationError` once it is gone), so a timed-out test never leaves a child or a waiter.
    static func waitForExit(
        _ process: Process,
        exited: AsyncStream<Void>,
        killAfter timeout: Duration
    ) async throws -> Bool {
        let pid = process.processIdentifier
        let killedByTimer = Atomic<Bool>(false)
        let timer = Task {
            try await Task.sleep(for: timeout)
            killedByTimer.store(true, ordering: .sequentiallyConsistent)
            kill(pid, SIGKILL)
        }
        defer { timer.cancel() }
        await withTaskCancellationHandler {
            for await _ in exited {}
        } onCancel: {
            kill(pid, SIGKILL)
        }
        if Task.isCancelled {
            // Killed above; reaping a killed process takes no time.
            process.waitUntilExit()
            throw CancellationError()
        }
        // The termination handler has run: the process is gone.
        process.waitUntilExit()
        return killedByTimer.load(ordering: .sequentiallyConsistent)
    }

    struct TimedOut: Error, CustomStringConvertible {
        var arguments: [String]
        var description: String { "ingest \(arguments.joined(separator: " ")) did not finish in time" }
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
