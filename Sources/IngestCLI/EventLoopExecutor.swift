import Dispatch
import Foundation
import NIOCore
import NIOPosix

/// Runs Swift Concurrency's jobs on NIO's event loops, the threads the HTTP client, the PostgreSQL
/// client and the metrics endpoint already do their I/O on. (NIO takes over the global queue only: a
/// task that wakes from `Task.sleep` runs on one of Dispatch's threads until it next suspends.)
///
/// Without it every request crosses threads twice: the task hands the request to an event loop, and
/// the event loop hands the answer back to the concurrency pool, each a wake-up of another thread.
/// With it, a task that awaits an answer resumes on the event loop that read it. The connector HTTP
/// client spreads its requests over the loops (``SpreadingEventLoopGroup``), so the work that follows
/// each answer spreads over the cores too. See docs/benchmarks.md, round 10.
///
/// Nothing in Ingest blocks a thread while it waits for an event loop (GRDB's work runs on its own
/// queues and is awaited; no future is waited on synchronously), so the loops cannot deadlock on it.
/// Work on a loop does delay the other connections on that loop; decoding one answer is short.
public enum EventLoopExecutor {
    /// Installs the event loops as the global executor. Call it once (NIO stops the process on a
    /// second call), first thing in `main`, before any task is started. It returns false where NIO
    /// cannot take over; tasks then run on Swift's default executor.
    ///
    /// Unless `NIO_SINGLETON_GROUP_LOOP_COUNT` says otherwise, there is one loop per core the process
    /// may run on: NIO counts a container's cores, not an affinity set by `taskset`, and two loops
    /// taking turns on one core would hand every answer over between threads again.
    @discardableResult
    public static func install() -> Bool {
        // NIO itself ignores a value of the variable that is not a number.
        if ProcessInfo.processInfo.environment["NIO_SINGLETON_GROUP_LOOP_COUNT"].flatMap({ Int($0) }) == nil,
            let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let cores = allowedCores(status: status), cores < System.coreCount
        {
            NIOSingletons.groupLoopCountSuggestion = cores
        }
        return NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// What runs the calling task: "NIO's N event loops" when it runs on one of them (N the singleton
    /// group's size), else "Swift's default executor". The worker logs it (debug).
    public static func describeCurrent() -> String {
        guard MultiThreadedEventLoopGroup.currentEventLoop != nil else { return "Swift's default executor" }
        return "NIO's \(NIOSingletons.groupLoopCountSuggestion) event loops"
    }

    /// How many cores a process may run on, from the `Cpus_allowed` mask of its `/proc/PID/status`
    /// (hexadecimal, in groups separated by commas), or nil when the line is missing or empty.
    static func allowedCores(status: String) -> Int? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") })
        else { return nil }
        let count = line.dropFirst("Cpus_allowed:".count).reduce(0) { count, digit in
            count + (digit.hexDigitValue ?? 0).nonzeroBitCount
        }
        return count > 0 ? count : nil
    }
}

/// NIO's singleton event loops, handing out the next loop in turn for `any()` as well as `next()`.
///
/// AsyncHTTPClient places a request (and a new connection) on the group's `any()` loop, which for
/// NIO's own group is the loop the caller runs on. Once tasks run on the loops
/// (``EventLoopExecutor``), that would keep every request of a job, and all the decoding after each
/// answer, on one loop and one core. Taking loops in turn spreads them over every core.
final class SpreadingEventLoopGroup: EventLoopGroup, Sendable {
    private let base: MultiThreadedEventLoopGroup

    init(_ base: MultiThreadedEventLoopGroup = .singleton) {
        self.base = base
    }

    func next() -> any EventLoop { base.next() }

    func any() -> any EventLoop { base.next() }

    func makeIterator() -> EventLoopIterator { base.makeIterator() }

    /// The singleton group lives as long as the process; like NIO's, it refuses to shut down.
    func shutdownGracefully(queue: DispatchQueue, _ callback: @escaping @Sendable ((any Error)?) -> Void) {
        queue.async { callback(EventLoopError.unsupportedOperation) }
    }
}
