import Metrics

/// The REST layer's metrics (swift-metrics; exported by whatever backend the process bootstraps,
/// e.g. Prometheus in `ingest worker --metrics-port`).
enum HTTPMetrics {
    /// `ingest_api_requests_total{endpoint, status}` — every answer, or `status="error"` when none came.
    static func request(endpoint: String, status: Int?) {
        Counter(
            label: "ingest_api_requests_total",
            dimensions: [("endpoint", endpoint), ("status", status.map(String.init) ?? "error")]
        ).increment()
        if status == 429 {
            Counter(label: "ingest_api_rate_limited_total", dimensions: [("endpoint", endpoint)]).increment()
        }
    }

    /// `ingest_rate_budget_wait_seconds_total` — time requests spent waiting for the rate budget.
    static func budgetWait(seconds: Double) {
        FloatingPointCounter(label: "ingest_rate_budget_wait_seconds_total").increment(by: seconds)
    }
}
