import Foundation
import Synchronization

/// Shows job progress on standard error: a live line on a terminal, plain lines at most every
/// `interval` seconds otherwise (logs, CI).
final class ProgressRenderer: Sendable {
    struct JobState {
        /// The first progress seen (time, items processed): the rate is measured from there, so a
        /// job resumed from a checkpoint or followed from another process shows its real speed.
        var baseline: (time: Date, processed: Int)?
        var lastPrinted = Date.distantPast
    }

    let isTerminal: Bool
    let interval: TimeInterval
    private let jobs = Mutex<[String: JobState]>([:])

    init(isTerminal: Bool = isatty(STDERR_FILENO) == 1, interval: TimeInterval = 5) {
        self.isTerminal = isTerminal
        self.interval = interval
    }

    func started(jobID: String, tenantID: String, source: String) {
        jobs.withLock { $0[jobID] = JobState() }
        emit("job \(jobID) started (tenant \(tenantID), \(source))", final: true)
    }

    func progress(
        jobID: String,
        pages: Int,
        processed: Int,
        stored: Int,
        updated: Int,
        unchanged: Int,
        missing: Int,
        failed: Int,
        expected: Int?
    ) {
        let now = Date()
        let (line, shouldPrint): (String, Bool) = jobs.withLock { jobs in
            var state = jobs[jobID] ?? JobState()
            var line = "job \(jobID.prefix(8)) · page \(pages) · \(processed)"
            if let expected { line += "/\(expected)" }
            line +=
                " items (\(stored) new, \(updated) updated, \(unchanged) unchanged, \(missing) missing, \(failed) failed)"
            if let baseline = state.baseline {
                let elapsed = now.timeIntervalSince(baseline.time)
                let rate = elapsed > 0.05 ? Double(processed - baseline.processed) / elapsed : 0
                if rate > 0 {
                    line += String(format: " · %.1f/s", rate)
                    if let expected, expected > processed {
                        line += " · ETA \(Self.duration(Double(expected - processed) / rate))"
                    }
                }
            } else {
                state.baseline = (now, processed)
            }
            let due = now.timeIntervalSince(state.lastPrinted) >= interval
            if due { state.lastPrinted = now }
            jobs[jobID] = state
            return (line, isTerminal || due)
        }
        if shouldPrint { emit(line, final: false) }
    }

    func finished(jobID: String, status: String, summary: String, error: String?) {
        jobs.withLock { _ = $0.removeValue(forKey: jobID) }
        var line = "job \(jobID) \(status): \(summary)"
        if let error { line += " — \(error)" }
        emit(line, final: true)
    }

    func message(_ text: String) {
        emit(text, final: true)
    }

    private func emit(_ line: String, final: Bool) {
        let text: String
        if isTerminal {
            text = "\r\u{1B}[2K" + line + (final ? "\n" : "")
        } else {
            text = line + "\n"
        }
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m\(total % 60)s" }
        return "\(total / 3600)h\(total % 3600 / 60)m"
    }
}
