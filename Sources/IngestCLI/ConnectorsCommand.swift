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
            if let sync = connector.sync {
                print("  sync source: \(sync.source)")
                print(
                    "  sync usage: ingest sync --tenant-id TENANT --connector \(connector.key)  (after a full backfill)"
                )
                print("  schedule: ingest schedule set --tenant-id TENANT --connector \(connector.key) --every 15m")
            }
        }
    }
}
