// SPDX-License-Identifier: Apache-2.0

/// A fragment of HTML that is safe by construction.
///
/// String literals are taken as markup; every interpolated `String`, number or date is escaped,
/// and only interpolated `HTML` values are inserted as markup. So
/// `HTML("<td>\(name)</td>")` can never inject markup from `name`.
///
/// ```swift
/// let cell: HTML = "<td class=\"score\">\(score)</td>"
/// ```
public struct HTML: Sendable, Equatable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The markup.
    public private(set) var rendered: String

    /// Markup from a literal.
    public init(stringLiteral value: String) { rendered = value }

    /// Markup built by interpolation (see the type's discussion for the escaping rules).
    public init(stringInterpolation: StringInterpolation) { rendered = stringInterpolation.output }

    /// Wraps text that is already markup. Use only for markup this program generated itself.
    public init(trusted markup: String) { rendered = markup }

    /// Escaped text.
    public init(text: String) { rendered = HTML.escape(text) }

    /// Empty markup.
    public static let empty = HTML(trusted: "")

    public var description: String { rendered }

    /// Appends another fragment.
    public mutating func append(_ other: HTML) { rendered += other.rendered }

    /// Joins fragments.
    public static func join(_ parts: some Sequence<HTML>, separator: String = "") -> HTML {
        HTML(trusted: parts.map(\.rendered).joined(separator: separator))
    }

    /// Escapes `&`, `<`, `>`, `"` and `'`, so the result is safe in element content and in
    /// quoted attribute values.
    public static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// The interpolation rules: literals raw, values escaped, `HTML` raw.
    public struct StringInterpolation: StringInterpolationProtocol {
        var output = ""

        /// Reserves space.
        public init(literalCapacity: Int, interpolationCount: Int) {
            output.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        /// Appends markup.
        public mutating func appendLiteral(_ literal: String) { output += literal }

        /// Appends escaped text.
        public mutating func appendInterpolation(_ text: String) { output += HTML.escape(text) }

        /// Appends escaped text, or nothing for `nil`.
        public mutating func appendInterpolation(_ text: String?) {
            if let text { output += HTML.escape(text) }
        }

        /// Appends escaped text of any describable value (numbers, dates).
        public mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            output += HTML.escape(value.description)
        }

        /// Appends a fragment as markup.
        public mutating func appendInterpolation(_ html: HTML) { output += html.rendered }

        /// Appends fragments as markup.
        public mutating func appendInterpolation(_ parts: [HTML]) {
            for part in parts { output += part.rendered }
        }
    }
}
