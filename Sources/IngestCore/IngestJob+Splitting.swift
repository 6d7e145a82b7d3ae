import Foundation

extension IngestJob {
    /// Splits a job whose id list is too long for one job or one queue message into several jobs,
    /// each with a part of the list (order kept) and a job id of its own. A job that fits is
    /// returned as is.
    ///
    /// - Parameters:
    ///   - field: the config field holding the list, e.g. `conversation_ids`.
    ///   - maxItems: most list items one job may carry.
    ///   - maxBytes: the queue's message size limit.
    /// - Throws: ``ConfigValidationError`` when a job would be too large even with one item.
    public func splitting(field: String, maxItems: Int, maxBytes: Int) throws(ConfigValidationError) -> [IngestJob] {
        guard case .array(let items)? = configFields[field], !items.isEmpty else {
            guard encode().count <= maxBytes else { throw tooLarge(maxBytes) }
            return [self]
        }
        if items.count <= maxItems && encode().count <= maxBytes { return [self] }
        var jobs: [IngestJob] = []
        var start = 0
        var chunkSize = min(maxItems, items.count)
        while start < items.count {
            let end = min(start + chunkSize, items.count)
            var part = self
            part.jobID = jobs.isEmpty ? jobID : .random()
            part.configFields[field] = .array(Array(items[start..<end]))
            if part.encode().count > maxBytes {
                guard end - start > 1 else { throw tooLarge(maxBytes) }
                chunkSize = max(1, (end - start) / 2)
                continue
            }
            jobs.append(part)
            start = end
        }
        return jobs
    }

    private func tooLarge(_ maxBytes: Int) -> ConfigValidationError {
        ConfigValidationError(
            field: "(message)",
            problem: "is \(encode().count) bytes; the queue accepts at most \(maxBytes) bytes per message"
        )
    }
}
