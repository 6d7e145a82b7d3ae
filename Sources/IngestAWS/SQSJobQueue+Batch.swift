public import Foundation
import IngestCore
import IngestHTTP
import Logging

extension SQSJobQueue {
    /// Sends `bodies` with `SendMessageBatch`, at most 10 to a request and at most
    /// ``maxMessageBytes`` bytes to a request, and returns the message ids in order.
    ///
    /// Every body is checked before the first request. Entries SQS fails through no fault of the
    /// sender are sent again (up to three tries); any other failed entry throws ``AWSError`` with
    /// SQS's code and message and how many messages were sent before it.
    @discardableResult
    public func sendBatch(_ bodies: [Data]) async throws -> [String] {
        let texts = try bodies.map(messageText)
        var ids: [String] = []
        ids.reserveCapacity(texts.count)
        var start = 0
        while start < texts.count {
            var end = start
            var bytes = 0
            while end < texts.count && end - start < 10
                && (end == start || bytes + bodies[end].count <= maxMessageBytes)
            {
                bytes += bodies[end].count
                end += 1
            }
            ids += try await sendChunk(
                Array(texts[start..<end]),
                firstIndex: start,
                total: texts.count,
                sent: ids.count
            )
            start = end
        }
        logger.debug("sqs message batch sent", metadata: ["sqs.count": "\(ids.count)"])
        return ids
    }

    /// One `SendMessageBatch` of up to 10 entries, retrying entries that failed on SQS's side.
    private func sendChunk(_ texts: [String], firstIndex: Int, total: Int, sent: Int) async throws -> [String] {
        var ids = [String?](repeating: nil, count: texts.count)
        var pending = Array(texts.indices)
        var attempt = 0
        while !pending.isEmpty {
            attempt += 1
            let entries = pending.map { SQSWire.SendMessageBatch.Entry(id: "m\($0)", messageBody: texts[$0]) }
            let result = try await perform(
                "SendMessageBatch",
                SQSWire.SendMessageBatch(queueURL: queueURL, entries: entries),
                as: SQSWire.BatchResult.self
            )
            for success in result.successful {
                guard let index = Int(success.id.dropFirst()), ids.indices.contains(index) else { continue }
                ids[index] = success.messageID
            }
            if let failure = result.failed.first(where: \.senderFault) ?? (attempt >= 3 ? result.failed.first : nil) {
                let position = firstIndex + (Int(failure.id.dropFirst()) ?? 0)
                let delivered = sent + ids.compactMap { $0 }.count
                throw AWSError(
                    code: failure.code,
                    message: "SQS refused message \(position + 1) of \(total) in SendMessageBatch to \(queueURL) "
                        + "(\(failure.code)\(failure.message.map { ": \($0)" } ?? "")); \(delivered) of the \(total) "
                        + "messages were sent",
                    service: "sqs",
                    status: 200,
                    operation: "SendMessageBatch"
                )
            }
            pending = result.failed.isEmpty ? [] : pending.filter { ids[$0] == nil }
            if !pending.isEmpty {
                try await Task.sleep(
                    for: client.rest.retryPolicy.backoff(afterAttempt: attempt, unit: .random(in: 0..<1))
                )
            }
        }
        guard ids.allSatisfy({ $0 != nil }) else {
            throw AWSError(
                code: "InvalidResponse",
                message: "SQS answered SendMessageBatch to \(queueURL) without a message id for every entry",
                service: "sqs",
                status: 200,
                operation: "SendMessageBatch"
            )
        }
        return ids.compactMap { $0 }
    }
}
