import Logging
import Synchronization

/// Logging is bootstrapped once per process, by the executable, to standard error.
enum LogSetup {
    private static let done = Mutex(false)

    static func level(_ text: String) -> Logger.Level? {
        Logger.Level(rawValue: text.lowercased())
    }

    enum Format: String, CaseIterable {
        case text
        case json
    }

    static func bootstrap(level: Logger.Level, format: Format = .text) {
        let first = done.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        switch format {
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        case .json:
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        }
    }
}
