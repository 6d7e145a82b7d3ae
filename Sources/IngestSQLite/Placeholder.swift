public enum PlaceholderIngestSQLite {}
