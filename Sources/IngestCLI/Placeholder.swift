public enum PlaceholderIngestCLI {}
