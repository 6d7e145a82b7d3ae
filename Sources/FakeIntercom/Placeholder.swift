public enum PlaceholderFakeIntercom {}
