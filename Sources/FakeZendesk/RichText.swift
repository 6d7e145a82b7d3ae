/// A comment body as blocks of inline runs, rendered once as Zendesk's `html_body` and once as its
/// `plain_body`, so that the two always say the same thing.
struct RichText: Sendable {
    enum Inline: Sendable {
        case text(String)
        case strong(String)
        case emphasis(String)
        case link(label: String, url: String)
        case lineBreak
        /// A non-breaking space: `&nbsp;` in HTML, U+00A0 in plain text.
        case nonBreakingSpace
    }

    enum Block: Sendable {
        case paragraph([Inline])
        case bullets([[Inline]])
        case numbered([[Inline]])
        case quote([[Inline]])
        /// Verbatim lines (a pasted log).
        case preformatted(String)
    }

    var blocks: [Block]

    /// `<div class="zd-comment" dir="auto">…</div>` with `<p dir="auto">`, lists, links and entities.
    var html: String {
        var html = "<div class=\"zd-comment\" dir=\"auto\">"
        for block in blocks {
            switch block {
            case .paragraph(let runs):
                html += "<p dir=\"auto\">" + Self.html(runs) + "</p>"
            case .bullets(let items):
                html += "<ul dir=\"auto\">" + items.map { "<li>" + Self.html($0) + "</li>" }.joined() + "</ul>"
            case .numbered(let items):
                html += "<ol dir=\"auto\">" + items.map { "<li>" + Self.html($0) + "</li>" }.joined() + "</ol>"
            case .quote(let paragraphs):
                html += "<blockquote>"
                for runs in paragraphs { html += "<p dir=\"auto\">" + Self.html(runs) + "</p>" }
                html += "</blockquote>"
            case .preformatted(let text):
                html += "<pre><code>" + Self.escape(text) + "</code></pre>"
            }
        }
        return html + "</div>"
    }

    /// Blocks separated by a blank line, list items as `- item` / `1. item`, links as `label (url)`.
    var plain: String {
        var parts: [String] = []
        for block in blocks {
            switch block {
            case .paragraph(let runs):
                parts.append(Self.plain(runs))
            case .bullets(let items):
                parts.append(items.map { "- " + Self.plain($0) }.joined(separator: "\n"))
            case .numbered(let items):
                parts.append(
                    items.enumerated().map { "\($0.offset + 1). " + Self.plain($0.element) }.joined(separator: "\n")
                )
            case .quote(let paragraphs):
                parts.append(paragraphs.map(Self.plain).joined(separator: "\n\n"))
            case .preformatted(let text):
                parts.append(text)
            }
        }
        return parts.joined(separator: "\n\n")
    }

    private static func html(_ runs: [Inline]) -> String {
        var html = ""
        for run in runs {
            switch run {
            case .text(let text): html += escape(text)
            case .strong(let text): html += "<strong>" + escape(text) + "</strong>"
            case .emphasis(let text): html += "<em>" + escape(text) + "</em>"
            case .link(let label, let url):
                html += "<a href=\"" + escape(url) + "\" rel=\"noreferrer\">" + escape(label) + "</a>"
            case .lineBreak: html += "<br>"
            case .nonBreakingSpace: html += "&nbsp;"
            }
        }
        return html
    }

    private static func plain(_ runs: [Inline]) -> String {
        var text = ""
        for run in runs {
            switch run {
            case .text(let value), .strong(let value), .emphasis(let value): text += value
            case .link(let label, let url): text += label == url ? url : label + " (" + url + ")"
            case .lineBreak: text += "\n"
            case .nonBreakingSpace: text += "\u{00A0}"
            }
        }
        return text
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 })
        else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
