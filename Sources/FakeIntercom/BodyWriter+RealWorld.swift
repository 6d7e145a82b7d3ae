import FakeAPIKit

/// The bodies of a real-world workspace (``WorkspaceSpec/TextMix/realWorld``): the conversation's
/// language from its ``Phrasebook``, in the HTML Intercom's composer and email channel produce (styled
/// spans and paragraphs, links with `target`/`rel`, inline images, lists, quotes, `&nbsp;`), with the
/// emoji, invisible and bidi characters real messages carry, and longer messages than the English mix.
extension BodyWriter {
    func realWorldCustomerMessage(_ book: Phrasebook, rng: inout SplitMix64) -> String {
        var lines: [String] = []
        if rng.chance(perMille: 800) { lines.append(line(rng.pick(book.greetings), book, rng: &rng)) }
        for _ in 0..<(1 + rng.below(3)) { lines.append(line(rng.pick(book.problems), book, rng: &rng)) }
        if rng.chance(perMille: 100) { lines.append(HTMLText.escape(rng.pick(RealWorldText.oddities))) }
        if rng.chance(perMille: 700) { lines.append(line(rng.pick(book.closings), book, rng: &rng)) }
        var html = styled(layout(lines, rng: &rng), rng: &rng)
        if rng.chance(perMille: 80) { html += image(rng: &rng) }
        if rng.chance(perMille: 30) {
            html += realWorldLongPaste(book, targetBytes: rng.int(4_000...20_000), rng: &rng)
        }
        return html
    }

    func realWorldAgentReply(_ book: Phrasebook, rng: inout SplitMix64) -> String {
        var lines = [line(rng.pick(book.replies), book, rng: &rng)]
        if rng.chance(perMille: 450) { lines.append(line(rng.pick(book.replies), book, rng: &rng)) }
        var html = styled(layout(lines, rng: &rng), rng: &rng)
        if rng.chance(perMille: 350) {
            let article = "https://help.example.com/\(book.locale)/articles/\(4_000 + rng.below(6_000))"
            html +=
                "<ul><li><a href=\"\(article)\" target=\"_blank\" rel=\"nofollow noopener noreferrer\">"
                + fill(HTMLText.escape(rng.pick(book.subjects))) + "</a></li><li>"
                + fill(HTMLText.escape(rng.pick(book.replies))) + "</li></ul>"
        }
        html += "<p class=\"no-margin\">" + fill(HTMLText.escape(rng.pick(book.signOffs))) + "<br>" + adminName
        html += "&nbsp;·&nbsp;<i>Support</i></p>"
        return html
    }

    func realWorldFollowUp(_ book: Phrasebook, rng: inout SplitMix64) -> String {
        var lines = [line(rng.pick(book.followUps), book, rng: &rng)]
        if rng.chance(perMille: 250) { lines.append(line(rng.pick(book.problems), book, rng: &rng)) }
        var html = lines.count == 1 ? "<p>" + fill(lines[0]) + "</p>" : layout(lines, rng: &rng)
        if rng.chance(perMille: 20) {
            html += realWorldLongPaste(book, targetBytes: rng.int(4_000...20_000), rng: &rng)
        }
        return html
    }

    func realWorldNote(_ book: Phrasebook, rng: inout SplitMix64) -> String {
        let text = fill(HTMLText.escape(rng.pick(book.notes)))
        if rng.chance(perMille: 300) { return "<p><b>@" + adminName + "</b>&nbsp;" + text + "</p>" }
        return "<p>" + text + "</p>"
    }

    /// A pasted log with messages in several scripts, or a quoted email thread in the conversation's
    /// language, of about `targetBytes` UTF-8 bytes.
    func realWorldLongPaste(_ book: Phrasebook, targetBytes: Int, rng: inout SplitMix64) -> String {
        var body = "<p>" + fill(HTMLText.escape(rng.pick(book.followUps))) + "</p>"
        body.reserveCapacity(targetBytes + 512)
        if rng.bool() {
            body += "<pre><code>"
            var second = 0
            while body.utf8.count < targetBytes {
                let status = rng.pick(["500", "502", "503", "429", "200"])
                body += "2025-10-09T14:\(10 + second / 60 % 50):\(second % 60 < 10 ? "0" : "")\(second % 60)Z "
                body += (status == "200" ? "INFO " : "ERROR ") + "request_id=" + rng.hex(count: 16)
                body += " status=" + status + " msg=&quot;upstream timeout &lt;gateway&gt;&quot; 支付失败 ошибка خطأ "
                body += HTMLText.escape(String(rng.pick(book.problems).prefix(24))) + "\n"
                second += 1
            }
            return body + "</code></pre>"
        }
        while body.utf8.count < targetBytes {
            body += "<blockquote><p><b>" + date + ", " + customerName + ":</b></p>"
            body += "<p dir=\"auto\">" + line(rng.pick(book.problems), book, rng: &rng).filled(by: self) + "</p>"
            body += "<p dir=\"auto\">" + line(rng.pick(book.replies), book, rng: &rng).filled(by: self) + "</p>"
            body += "</blockquote>"
        }
        return body
    }

    /// One phrase as an HTML fragment with its placeholders still in: escaped, sometimes with an emoji,
    /// an invisible character in front, a right-to-left mark in right-to-left text, or a bold stretch.
    private func line(_ phrase: String, _ book: Phrasebook, rng: inout SplitMix64) -> String {
        var text = phrase
        if rng.chance(perMille: 200) { text += " " + rng.pick(RealWorldText.emoji) }
        if rng.chance(perMille: 100) { text = rng.pick(RealWorldText.invisibles) + text }
        if book.rightToLeft, rng.chance(perMille: 300) { text = "\u{200F}" + text }
        var html = HTMLText.escape(text)
        if rng.chance(perMille: 120) { html = "<b>" + html + "</b>" }
        return html
    }

    /// Paragraphs as Intercom's composer styles them: `class="no-margin"`, or wrapped in a styled span.
    private func styled(_ html: String, rng: inout SplitMix64) -> String {
        switch rng.below(10) {
        case 0...3:
            return html.replacingParagraphs(with: "<p class=\"no-margin\">")
        case 4, 5:
            let style = rng.pick([
                "font-family: -apple-system, BlinkMacSystemFont, &quot;Segoe UI&quot;, sans-serif; font-size: 14px;",
                "color: rgb(34, 34, 34); font-family: Arial, sans-serif;",
                "font-family: &quot;Hiragino Sans&quot;, &quot;Noto Sans CJK JP&quot;, sans-serif;",
            ])
            return "<div dir=\"auto\"><span style=\"\(style)\">" + html + "</span></div>"
        default:
            return html
        }
    }

    private func image(rng: inout SplitMix64) -> String {
        let file = rng.pick(["スクリーンショット 2025-10-09.png", "截图.png", "Снимок экрана.png", "لقطة الشاشة.png"])
        return
            "<div class=\"intercom-container\"><img src=\"https://downloads.intercomcdn.com/i/o/\(rng.hex(count: 12))/"
            + "image.png\" alt=\"\(HTMLText.escape(file))\" width=\"\(rng.pick([640, 828, 1_280]))\"></div>"
    }
}

extension String {
    /// The fragment with its `{placeholders}` filled in by `writer`.
    fileprivate func filled(by writer: BodyWriter) -> String { writer.fill(self) }

    /// Every `<p>` start tag replaced by `tag`.
    fileprivate func replacingParagraphs(with tag: String) -> String {
        var source = self
        return source.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 64)
            var copied = 0
            var position = 0
            while position + 2 < bytes.count {
                if bytes[position] == UInt8(ascii: "<"), bytes[position + 1] == UInt8(ascii: "p"),
                    bytes[position + 2] == UInt8(ascii: ">")
                {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<position]))
                    output.append(contentsOf: tag.utf8)
                    position += 3
                    copied = position
                } else {
                    position += 1
                }
            }
            guard copied > 0 else { return self }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
            return String(decoding: output, as: UTF8.self)
        }
    }
}
