import ArgumentParser
import IngestCore

struct ConnectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connectors",
        abstract: "List the connectors: key, source, description and a config example."
    )

    func run() throws {
        for connector in Registry.make().connectors {
            print("\(connector.key) — \(connector.name)")
            print("  \(connector.description)")
            print("  source: \(connector.source)")
            print(
                "  config required: \(connector.requiresConfig ? "yes" : "no (an empty config backfills everything)")"
            )
            print("  config example: \(JSONValue.object(connector.configExample).canonicalString)")
            print(
                "  usage: ingest backfill --tenant-id TENANT --connector \(connector.key) --config '\(JSONValue.object(connector.configExample).canonicalString)'"
            )
        }
    }
}
