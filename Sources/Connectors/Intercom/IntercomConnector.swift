public import IngestCore
public import IngestHTTP

/// The Intercom entry of the connector table.
public enum IntercomConnector {
    public static func connector(environment: ConnectorEnvironment) -> Connector {
        Connector(
            key: "intercom",
            name: "Intercom",
            description: "Backfill conversations (and parts) from Intercom",
            requiresConfig: false,
            configExample: [
                "conversation_ids": ["12345", "67890"],
                "per_page": 100,
                "max_conversations": 200,
            ],
            splittableField: ("conversation_ids", IntercomConversationsBackfillConfig.maxConversationIDs),
            extractor: IntercomConversationsBackfillExtractor(environment: environment)
        )
    }
}
