public enum PlaceholderIngestWorker {}
