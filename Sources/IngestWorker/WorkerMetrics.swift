import IngestCore
import Metrics

/// The worker's metrics (swift-metrics). Names follow Prometheus conventions.
enum WorkerMetrics {
    /// `ingest_jobs_total{outcome}` — succeeded, failed, retrying, queued (interrupted), dead_lettered.
    static func job(outcome: String) {
        Counter(label: "ingest_jobs_total", dimensions: [("outcome", outcome)]).increment()
    }

    /// `ingest_items_total{result}` — conversations stored, updated, unchanged, missing, failed,
    /// counted as each page lands.
    static func items(from old: JobCounts, to new: JobCounts) {
        let deltas = [
            ("stored", new.stored - old.stored), ("updated", new.updated - old.updated),
            ("unchanged", new.unchanged - old.unchanged), ("missing", new.missing - old.missing),
            ("failed", new.failed - old.failed),
        ]
        for (result, delta) in deltas where delta > 0 {
            Counter(label: "ingest_items_total", dimensions: [("result", result)]).increment(by: delta)
        }
    }

    /// `ingest_queue_receive_duration_seconds` — how long one receive (long poll included) took.
    static func receive(nanoseconds: Int64, messages: Int) {
        Metrics.Timer(label: "ingest_queue_receive_duration_seconds", preferredDisplayUnit: .seconds)
            .recordNanoseconds(nanoseconds)
        if messages > 0 {
            Counter(label: "ingest_queue_messages_received_total").increment(by: messages)
        }
    }

    /// `ingest_jobs_running` — jobs this worker is running now.
    static func running(_ count: Int) {
        Gauge(label: "ingest_jobs_running").record(count)
    }
}
