import Foundation

/// Writes the HTML bodies of one conversation from its ``Topic`` and a few fixed details.
///
/// The details (order number, amount …) are chosen once per conversation so every message in it agrees.
struct BodyWriter: Sendable {
    let topic: Topic
    /// The conversation's language in a real-world workspace; nil writes from ``topic``'s English lines.
    let book: Phrasebook?
    /// Contact's first name as it appears in greetings (already HTML-escaped).
    let customerName: String
    /// Assigned teammate's first name (already HTML-escaped).
    let adminName: String
    let orderNumber: String
    let invoiceNumber: String
    let amount: String
    let date: String
    let code: String
    let days: String

    /// Replaces `{placeholders}` in `template`; unknown `{…}` text is kept as it is.
    func fill(_ template: String) -> String {
        let openBrace = UInt8(ascii: "{")
        let closeBrace = UInt8(ascii: "}")
        var scanned = template
        let hasPlaceholder = scanned.withUTF8 { bytes in
            bytes.baseAddress.map { memchr($0, Int32(openBrace), bytes.count) != nil } ?? false
        }
        guard hasPlaceholder else { return template }
        var result = ""
        result.reserveCapacity(template.utf8.count + 16)
        var rest = template[...]
        while let open = rest.utf8.firstIndex(of: openBrace) {
            result += rest[..<open]
            guard let close = rest[open...].utf8.firstIndex(of: closeBrace) else {
                rest = rest[open...]
                break
            }
            let key = rest[rest.index(after: open)..<close]
            if let value = value(for: key) {
                result += value
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }

    private func value(for key: Substring) -> String? {
        switch key {
        case "name": customerName
        case "admin", "agent": adminName
        case "order": isolated(orderNumber)
        case "invoice": invoiceNumber
        case "amount": isolated(amount)
        case "date": isolated(date)
        case "code": code
        case "days": days
        default: nil
        }
    }

    /// `value` in a bidi isolate in right-to-left text, as editors insert numbers there.
    private func isolated(_ value: String) -> String {
        book?.rightToLeft == true ? "\u{2068}" + value + "\u{2069}" : value
    }

    /// A subject line (HTML-escaped).
    func subject(rng: inout SplitMix64) -> String {
        if let book { return fill(HTMLText.escape(rng.pick(book.subjects))) }
        return fill(rng.pick(topic.subjects))
    }

    /// The message that starts the conversation.
    func customerMessage(rng: inout SplitMix64) -> String {
        if let book { return realWorldCustomerMessage(book, rng: &rng) }
        var lines: [String] = []
        if rng.chance(perMille: 800) { lines.append(rng.pick(Vocabulary.customerGreetings)) }
        let lineCount = topic.customerLines.count
        let first = rng.below(lineCount)
        lines.append(topic.customerLines[first])
        if rng.chance(perMille: 500) {
            lines.append(topic.customerLines[(first + 1 + rng.below(lineCount - 1)) % lineCount])
        }
        if rng.chance(perMille: 150) { lines.append(rng.pick(Vocabulary.foreignLines)) }
        if rng.chance(perMille: 120) { lines[lines.count - 1] += " " + rng.pick(Vocabulary.emoji) }
        if rng.chance(perMille: 700) { lines.append(rng.pick(Vocabulary.customerClosings)) }
        return layout(lines, rng: &rng)
    }

    /// A teammate's answer.
    func agentReply(rng: inout SplitMix64) -> String {
        if let book { return realWorldAgentReply(book, rng: &rng) }
        var lines: [String] = [rng.pick(Vocabulary.agentOpenings)]
        let first = rng.below(topic.agentLines.count)
        lines.append(topic.agentLines[first])
        if rng.chance(perMille: 450) {
            lines.append(topic.agentLines[(first + 1 + rng.below(topic.agentLines.count - 1)) % topic.agentLines.count])
        }
        if rng.chance(perMille: 600) { lines.append(rng.pick(Vocabulary.agentClosings)) }
        return layout(lines, rng: &rng)
    }

    /// A short contact reply later in the conversation.
    func customerFollowUp(rng: inout SplitMix64) -> String {
        if let book { return realWorldFollowUp(book, rng: &rng) }
        var line = rng.chance(perMille: 250) ? rng.pick(topic.customerLines) : rng.pick(Vocabulary.customerFollowUps)
        if rng.chance(perMille: 100) { line += " " + rng.pick(Vocabulary.emoji) }
        if rng.chance(perMille: 150) {
            return layout([line, rng.pick(Vocabulary.customerClosings)], rng: &rng)
        }
        return "<p>" + fill(line) + "</p>"
    }

    /// An internal note between teammates.
    func note(rng: inout SplitMix64) -> String {
        if let book { return realWorldNote(book, rng: &rng) }
        let line = fill(rng.pick(topic.noteLines))
        if rng.chance(perMille: 300) {
            return "<p>" + line + "</p><p><b>@" + adminName + "</b> can you take a look?</p>"
        }
        return "<p>" + line + "</p>"
    }

    /// A long pasted log or quoted email thread of about `targetBytes` UTF-8 bytes.
    func longPaste(targetBytes: Int, rng: inout SplitMix64) -> String {
        if let book { return realWorldLongPaste(book, targetBytes: targetBytes, rng: &rng) }
        var body = ""
        body.reserveCapacity(targetBytes + 512)
        if rng.bool() {
            body += "<p>Here&#39;s the full log from our server, sorry it&#39;s long:</p><pre><code>"
            var second = 0
            while body.utf8.count < targetBytes {
                let status = rng.pick(["500", "502", "503", "429", "200"])
                body += "2025-10-09T14:\(10 + second / 60 % 50):\(second % 60 < 10 ? "0" : "")\(second % 60)Z "
                body += status == "200" ? "INFO " : "ERROR "
                body += "request_id=" + rng.hex(count: 16) + " POST /v1/payments status=" + status
                body += " latency_ms=\(rng.int(3...30_000)) msg=&quot;upstream timeout &lt;gateway&gt;&quot;\n"
                second += 1
            }
            body += "</code></pre><p>Can you take a look? " + rng.pick(Vocabulary.emoji) + "</p>"
        } else {
            body += "<p>Forwarding the whole thread below so you have the context.</p>"
            var round = 0
            while body.utf8.count < targetBytes {
                body += "<blockquote><p><b>On " + date + ", " + customerName + " wrote:</b></p>"
                body += layout([rng.pick(topic.customerLines), rng.pick(Vocabulary.foreignLines)], rng: &rng)
                body += "<p>" + fill(rng.pick(topic.agentLines)) + "</p>"
                body += "<p>Message \(round + 1) of the thread · 引用 · اقتباس · ציטוט</p></blockquote>"
                round += 1
            }
        }
        return body
    }

    /// Lays lines out as paragraphs, a `<br>`-separated block or a bulleted list.
    func layout(_ lines: [String], rng: inout SplitMix64) -> String {
        var html = ""
        switch rng.below(10) {
        case 0...5:
            for line in lines { html += "<p>" + fill(line) + "</p>" }
        case 6, 7:
            html += "<p>"
            for (index, line) in lines.enumerated() {
                if index > 0 { html += "<br>" }
                html += fill(line)
            }
            html += "</p>"
        default:
            guard lines.count >= 3 else {
                for line in lines { html += "<p>" + fill(line) + "</p>" }
                return html
            }
            html += "<p>" + fill(lines[0]) + "</p><ul>"
            for line in lines.dropFirst() { html += "<li>" + fill(line) + "</li>" }
            html += "</ul>"
        }
        return html
    }
}
