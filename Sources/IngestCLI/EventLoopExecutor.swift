import NIOCore
import NIOPosix

/// Runs Swift Concurrency's jobs on NIO's event loops, the threads the HTTP client, the PostgreSQL
/// client and the metrics endpoint already do their I/O on.
///
/// Without it every request crosses threads twice: the task hands the request to an event loop, and
/// the event loop hands the answer back to the concurrency pool, each a wake-up of another thread.
/// With it, a task that awaits an answer resumes on the event loop that read it. The worker spends
/// 13–21% less CPU per conversation (docs/benchmarks.md, round 10).
///
/// Nothing in Ingest blocks a thread while it waits for an event loop (GRDB's work runs on its own
/// queues and is awaited; no future is waited on synchronously), so the loops cannot stall on it.
public enum EventLoopExecutor {
    /// Installs the event loops as the global executor. Call it once, first thing in `main`, before
    /// any task is started; it returns false (and changes nothing) where NIO cannot take over.
    @discardableResult
    public static func install() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
