import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A child process run to its end, with what the kernel measured of it.
struct ChildResult: Sendable {
    var status: Int32
    var wall: Duration
    /// Peak resident set size (`ru_maxrss`), in bytes.
    var peakRSSBytes: Int
    /// User plus system CPU time.
    var cpuSeconds: Double
    /// Times the kernel switched away from the child's threads, voluntarily (to wait) or not
    /// (`ru_nvcsw + ru_nivcsw`): a measure of thread hand-offs that does not move with the VM's speed.
    var contextSwitches: Int
    var stdout: String
    var stderr: String
}

struct ChildProcessError: Error, CustomStringConvertible {
    var description: String
}

/// Spawns processes with `posix_spawn` and reaps them with `wait4`, which reports the child's own
/// peak memory and CPU time — what the benchmark attributes to the pipeline, apart from the fake
/// Intercom serving it in this process.
enum ChildProcess {
    static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String],
        input: String? = nil,
        directory: URL
    ) async throws -> ChildResult {
        let tag = UUID().uuidString
        let outPath = directory.appendingPathComponent("child-\(tag).out").path
        let errPath = directory.appendingPathComponent("child-\(tag).err").path
        let inPath = directory.appendingPathComponent("child-\(tag).in").path
        guard FileManager.default.createFile(atPath: inPath, contents: Data((input ?? "").utf8)) else {
            throw ChildProcessError(description: "cannot write \(inPath)")
        }
        defer {
            for path in [outPath, errPath, inPath] { try? FileManager.default.removeItem(atPath: path) }
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let started = ContinuousClock.now
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw ChildProcessError(description: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        // wait4 blocks: it gets a thread of its own, not one of the few the concurrency pool has.
        let child = pid
        // The child's own high-water mark (VmHWM), read while it runs: `ru_maxrss` cannot be used, as
        // posix_spawn's child shares this process's memory until it execs, and Linux keeps that
        // memory's high-water mark as the child's (a benchmark process of 800 MB made every worker
        // report 800 MB).
        let peak = PeakMemory()
        let poller = Thread {
            while !peak.isFinished {
                peak.observe(Self.highWaterMarkBytes(of: child))
                usleep(20_000)
            }
        }
        poller.start()
        let (status, usage) = await withCheckedContinuation { continuation in
            let thread = Thread {
                var status: Int32 = 0
                var usage = rusage()
                while wait4(child, &status, 0, &usage) == -1 && errno == EINTR {}
                peak.finish()
                continuation.resume(returning: (status, usage))
            }
            thread.start()
        }
        let wall = ContinuousClock.now - started
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ChildResult(
            status: exitStatus,
            wall: wall,
            peakRSSBytes: peak.bytes,
            cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
            contextSwitches: usage.ru_nvcsw + usage.ru_nivcsw,
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        )
    }

    /// `VmHWM` of process `pid` in bytes, 0 when it cannot be read (the process has exited).
    static func highWaterMarkBytes(of pid: pid_t) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return kilobytes * 1_024
    }

    /// CPU time this process has used so far (the fake Intercom and the benchmark itself).
    static func ownCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    static func seconds(_ value: timeval) -> Double { Double(value.tv_sec) + Double(value.tv_usec) / 1e6 }
}

/// The highest of the readings a poller made, and whether to stop polling.
final class PeakMemory: Sendable {
    private let state = Mutex((bytes: 0, finished: false))

    var bytes: Int { state.withLock { $0.bytes } }
    var isFinished: Bool { state.withLock { $0.finished } }

    func observe(_ bytes: Int) { state.withLock { $0.bytes = max($0.bytes, bytes) } }
    func finish() { state.withLock { $0.finished = true } }
}
