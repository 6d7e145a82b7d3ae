public enum PlaceholderIntercom {}
