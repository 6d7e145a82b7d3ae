import Hummingbird
import Logging
import Metrics
import NIOCore
import Prometheus
import ServiceLifecycle
import Synchronization

/// `ingest worker --metrics-port`: swift-metrics bootstrapped with Prometheus, served at `/metrics`.
enum MetricsEndpoint {
    private static let registry = Mutex<PrometheusCollectorRegistry?>(nil)

    /// Bootstraps the metrics system once per process and returns its registry.
    static func bootstrap() -> PrometheusCollectorRegistry {
        registry.withLock { existing in
            if let existing { return existing }
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            existing = registry
            return registry
        }
    }

    /// A Hummingbird application (a `Service`) answering `GET /metrics` in the Prometheus text format.
    static func service(host: String, port: Int, logger: Logger) -> some Service {
        let registry = bootstrap()
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
        router.get("/health") { _, _ in "ok" }
        var quiet = logger
        quiet.logLevel = .warning
        return Application(router: router, configuration: .init(address: .hostname(host, port: port)), logger: quiet)
    }
}
