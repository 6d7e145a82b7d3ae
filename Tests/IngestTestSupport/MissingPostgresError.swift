/// Why a PostgreSQL test could not run.
public struct MissingPostgresError: Error, CustomStringConvertible {
    public init() {}

    public var description: String {
        "\(TestPostgres.environmentKey) is not set: run ./scripts/test, which starts PostgreSQL and sets it "
            + "(or set it to a postgres://… URL of a server where tests may create schemas)"
    }
}
