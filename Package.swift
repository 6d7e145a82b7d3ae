// swift-tools-version: 6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Ingest",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ingest", targets: ["ingest"]),
        .executable(name: "ingest-bench", targets: ["ingest-bench"]),
        .library(name: "IngestCore", targets: ["IngestCore"]),
        .library(name: "IntercomConnector", targets: ["IntercomConnector"]),
        .library(name: "ZendeskConnector", targets: ["ZendeskConnector"]),
        .library(name: "FakeIntercom", targets: ["FakeIntercom"]),
        .library(name: "FakeZendesk", targets: ["FakeZendesk"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "IngestCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IngestHTTP",
            dependencies: [
                "IngestCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IngestSQLite",
            dependencies: [
                "IngestCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IngestPostgres",
            dependencies: [
                "IngestCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IngestAWS",
            dependencies: [
                "IngestCore",
                "IngestHTTP",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The connector-neutral extraction engine: paging, fetching within a budget, store + checkpoint +
        // sync state + index, tombstones. Every connector runs on it.
        .target(
            name: "IngestConnectorKit",
            dependencies: [
                "IngestCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IntercomConnector",
            dependencies: [
                "IngestCore",
                "IngestConnectorKit",
                "IngestHTTP",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Connectors/Intercom",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ZendeskConnector",
            dependencies: [
                "IngestCore",
                "IngestConnectorKit",
                "IngestHTTP",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Connectors/Zendesk",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IngestWorker",
            dependencies: [
                "IngestCore",
                "IngestHTTP",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // What every fake API server needs: rate limits, fault injection, truncated bodies, request
        // counts, holding requests, port-0 start-up.
        .target(
            name: "FakeAPIKit",
            dependencies: [
                "IngestCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FakeIntercom",
            dependencies: [
                "IngestCore",
                "FakeAPIKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FakeZendesk",
            dependencies: [
                "IngestCore",
                "FakeAPIKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IngestCLI",
            dependencies: [
                "IngestCore",
                "IngestHTTP",
                "IngestSQLite",
                "IngestPostgres",
                "IngestAWS",
                "IntercomConnector",
                "ZendeskConnector",
                "IngestWorker",
                "FakeIntercom",
                "FakeZendesk",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ingest-bench",
            dependencies: [
                "IngestCLI", "IngestCore", "IngestSQLite", "IngestPostgres", "FakeIntercom", "FakeZendesk",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ingest",
            dependencies: [
                "IngestCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IngestCoreTests",
            dependencies: ["IngestCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IngestConnectorKitTests",
            dependencies: [
                "IngestCore", "IngestConnectorKit", "IngestSQLite", "FakeIntercom",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IngestHTTPTests",
            dependencies: [
                "IngestCore", "IngestHTTP", "IngestTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FakeIntercomTests",
            dependencies: [
                "IngestCore", "FakeAPIKit", "FakeIntercom",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FakeZendeskTests",
            dependencies: [
                "IngestCore", "FakeZendesk",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IngestAWSTests",
            dependencies: [
                "IngestCore", "IngestHTTP", "IngestAWS",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IngestPostgresTests",
            dependencies: [
                "FakeAPIKit", "IngestCore", "IngestPostgres", "IngestTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Helpers shared by the test targets (a PostgreSQL schema per test, …); not a product.
        .target(
            name: "IngestTestSupport",
            dependencies: [
                "IngestCore", "IngestPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/IngestTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IngestContractTests",
            dependencies: [
                "IngestCore", "IngestHTTP", "IngestSQLite", "IngestPostgres", "IngestAWS", "IngestTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IngestSQLiteTests",
            dependencies: [
                "FakeAPIKit", "FakeIntercom", "IngestCore", "IngestSQLite",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntercomConnectorTests",
            dependencies: [
                "IngestCore", "IngestHTTP", "IngestSQLite", "IntercomConnector", "FakeIntercom",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ZendeskConnectorTests",
            dependencies: [
                "IngestCore", "IngestHTTP", "IngestSQLite", "IngestConnectorKit", "ZendeskConnector", "FakeZendesk",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IngestCLITests",
            dependencies: [
                "IngestCore", "IngestSQLite", "IngestCLI", "FakeIntercom", "IngestWorker", "IntercomConnector",
                "ZendeskConnector", "FakeZendesk",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
