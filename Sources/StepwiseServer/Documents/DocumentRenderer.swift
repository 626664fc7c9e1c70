// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Renders a ``ClinicalDocument`` as Markdown or as an HTML `<article>`.
public enum DocumentRenderer {
    /// Markdown a clinician can paste into a note.
    public static func markdown(_ document: ClinicalDocument) -> String {
        var out = "# \(document.title)\n\n"
        for field in document.header { out += "**\(escapeMarkdown(field.label)):** \(escapeMarkdown(field.value))  \n" }
        out += "\n"
        for section in document.sections {
            out += "## \(escapeMarkdown(section.heading))\n\n"
            for block in section.blocks { out += markdown(block) + "\n" }
        }
        out += "---\n\n_\(escapeMarkdown(document.footer))_\n"
        return out
    }

    static func markdown(_ block: ClinicalDocument.Block) -> String {
        switch block {
        case .paragraph(let text):
            return escapeMarkdown(text) + "\n"
        case .bullets(let items):
            return items.map { "- \(escapeMarkdown($0))" }.joined(separator: "\n") + "\n"
        case .checklist(let items):
            return items.map { "- [\($0.1 ? "x" : " ")] \(escapeMarkdown($0.0))" }.joined(separator: "\n") + "\n"
        case .table(let header, let rows):
            let cell = { (text: String) in escapeMarkdown(text).replacingOccurrences(of: "|", with: "\\|") }
            var out = "| " + header.map(cell).joined(separator: " | ") + " |\n"
            out += "|" + String(repeating: " --- |", count: header.count) + "\n"
            for row in rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
            return out
        case .fields(let fields):
            return fields.map { "- **\(escapeMarkdown($0.label)):** \(escapeMarkdown($0.value))" }.joined(separator: "\n") + "\n"
        case .blankLines(let label, let count):
            return "**\(escapeMarkdown(label)):**\n\n" + String(repeating: "\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\n\n", count: count)
        }
    }

    /// Escapes characters that would start Markdown or HTML markup in free text.
    static func escapeMarkdown(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "*", "_", "`", "[", "]", "#": out += "\\\(character)"
            case "\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }

    /// The document as an HTML `<article class="document">`, every value escaped.
    public static func html(_ document: ClinicalDocument) -> HTML {
        var body = HTML.empty
        for section in document.sections {
            var blocks = HTML.empty
            for block in section.blocks { blocks.append(html(block)) }
            body.append("<section><h2>\(section.heading)</h2>\(blocks)</section>")
        }
        let header = HTML.join(document.header.map { "<div><dt>\($0.label)</dt><dd>\($0.value)</dd></div>" })
        return """
            <article class="document" data-kind="\(document.kind.rawValue)"><h1>\(document.title)</h1>\
            <dl class="doc-header">\(header)</dl>\(body)<footer class="doc-footer"><p>\(document.footer)</p></footer></article>
            """
    }

    static func html(_ block: ClinicalDocument.Block) -> HTML {
        switch block {
        case .paragraph(let text):
            return "<p>\(text)</p>"
        case .bullets(let items):
            return "<ul>\(items.map { "<li>\($0)</li>" as HTML })</ul>"
        case .checklist(let items):
            return "<ul class=\"checklist\">\(items.map { "<li>\($0.1 ? "☑" : "☐") \($0.0)</li>" as HTML })</ul>"
        case .table(let header, let rows):
            let head = HTML.join(header.map { "<th scope=\"col\">\($0)</th>" as HTML })
            let body = HTML.join(rows.map { row in "<tr>\(row.map { "<td>\($0)</td>" as HTML })</tr>" as HTML })
            return "<div class=\"table-wrap\"><table><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table></div>"
        case .fields(let fields):
            return "<dl class=\"fields\">\(fields.map { "<div><dt>\($0.label)</dt><dd>\($0.value)</dd></div>" as HTML })</dl>"
        case .blankLines(let label, let count):
            return "<div class=\"blank\"><p>\(label)</p>\(Array(repeating: "<div class=\"line\"></div>" as HTML, count: count))</div>"
        }
    }
}
