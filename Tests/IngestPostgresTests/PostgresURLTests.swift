import IngestPostgres
import PostgresNIO
import Testing

@Suite("PostgreSQL URLs")
struct PostgresURLTests {
    @Test func parsesEveryPart() throws {
        let url = try PostgresURL("postgres://ingest:s3cr%40t%3Apw@db.example.com:6543/ingest_prod?sslmode=require")
        #expect(url.username == "ingest")
        #expect(url.password == "s3cr@t:pw")
        #expect(url.host == "db.example.com")
        #expect(url.port == 6543)
        #expect(url.database == "ingest_prod")
        #expect(url.sslMode == .require)
    }

    @Test func appliesLibpqDefaults() throws {
        let url = try PostgresURL("postgresql://postgres@127.0.0.1")
        #expect(url.port == 5432)
        #expect(url.database == "postgres")
        #expect(url.password == nil)
        #expect(url.sslMode == .prefer)
        #expect(try PostgresURL("postgres://me@host/").database == "me")
    }

    @Test func decodesPercentEncodedNames() throws {
        let url = try PostgresURL("postgres://us%20er:p%2Fw@host:5432/my%20db?application_name=ingest%20worker")
        #expect(url.username == "us er")
        #expect(url.password == "p/w")
        #expect(url.database == "my db")
        #expect(url.applicationName == "ingest worker")
    }

    @Test func acceptsIPv6AndSocketHosts() throws {
        #expect(try PostgresURL("postgres://u@[::1]:5433/db").host == "::1")
        #expect(try PostgresURL("postgres://u@[::1]:5433/db").redacted == "postgres://u@[::1]:5433/db")
        let socket = try PostgresURL("postgres://u@%2Fvar%2Frun%2Fpostgresql/db")
        #expect(socket.host == "/var/run/postgresql")
        #expect(socket.clientConfiguration().unixSocketPath == "/var/run/postgresql/.s.PGSQL.5432")
    }

    @Test func readsConnectTimeoutAndSSLModes() throws {
        #expect(try PostgresURL("postgres://u@h/d?connect_timeout=3").connectTimeout == .seconds(3))
        for mode in PostgresURL.SSLMode.allCases {
            #expect(try PostgresURL("postgres://u@h/d?sslmode=\(mode.rawValue)").sslMode == mode)
        }
    }

    @Test(arguments: [
        ("mysql://u:pw@h/d", "is not a postgres:// URL"),
        ("postgres://h/d", "names no user"),
        ("postgres://u:pw@/d", "names no host"),
        ("postgres://u:pw@h/d/e", "more than a database name"),
        ("postgres://u:pw@h/d?sslmode=sometimes", "sslmode=sometimes"),
        ("postgres://u:pw@h/d?sslrootcert=/x", "sslrootcert"),
        ("postgres://u:pw@h/d?connect_timeout=soon", "connect_timeout=soon"),
        ("not a url at all", "is not a postgres:// URL"),
    ])
    func refusesWhatItCannotUseWithoutShowingThePassword(url: String, problem: String) throws {
        let error = try #require(throws: PostgresStorageError.self) { try PostgresURL(url) }
        #expect(error.code == .invalidURL)
        #expect(error.description.contains(problem), "\(error)")
        #expect(!error.description.contains("pw"), "\(error)")
    }

    @Test func redactsThePassword() throws {
        let url = try PostgresURL("postgres://ingest:hunter2@db:5432/ingest?sslmode=verify-full")
        #expect(url.redacted == "postgres://ingest:***@db:5432/ingest?sslmode=verify-full")
        #expect(url.description == url.redacted)
        #expect(!"\(url)".contains("hunter2"))
        #expect(PostgresURL.redact("postgres://a:b@c@host/db") == "postgres://a:***@host/db")
        #expect(PostgresURL.redact("postgres://a@host/db") == "postgres://a@host/db")
        #expect(PostgresURL.redact("garbage:hunter2") == "garbage:hunter2")
        #expect(PostgresURL.matches("postgres://x") && PostgresURL.matches("POSTGRESQL://x"))
        #expect(!PostgresURL.matches("sqlite:ingest.sqlite"))
    }

    @Test func setsTheSchemaAsSearchPath() throws {
        let configuration = try PostgresURL("postgres://u@h/d?application_name=w").clientConfiguration(
            schema: "t_1",
            maximumConnections: 3
        )
        #expect(configuration.options.additionalStartupParameters.map(\.0) == ["search_path", "application_name"])
        #expect(configuration.options.additionalStartupParameters.map(\.1) == ["t_1", "w"])
        #expect(configuration.options.maximumConnections == 3)
    }
}
