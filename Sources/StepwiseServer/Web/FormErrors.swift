// SPDX-License-Identifier: Apache-2.0
import Foundation
import Hummingbird
import StepwiseCore

/// Field-level validation errors of a submitted form, shown inline next to each field.
struct FormErrors {
    private(set) var messages: [String: String] = [:]
    private(set) var order: [String] = []

    var isEmpty: Bool { messages.isEmpty }

    mutating func add(_ field: String, _ message: String) {
        if messages[field] == nil { order.append(field) }
        messages[field] = message
    }

    subscript(_ field: String) -> String? { messages[field] }

    /// `aria-invalid` and `aria-describedby` attributes for an input.
    func attributes(_ field: String) -> HTML {
        guard messages[field] != nil else { return .empty }
        return " aria-invalid=\"true\" aria-describedby=\"\(field)-error\""
    }

    /// The inline message element.
    func message(_ field: String) -> HTML {
        guard let text = messages[field] else { return .empty }
        return "<p class=\"field-error\" id=\"\(field)-error\">\(text)</p>"
    }

    /// A summary at the top of the form, linking to each field.
    func summary() -> HTML {
        guard !messages.isEmpty else { return .empty }
        let items = HTML.join(order.map { "<li><a href=\"#\($0)\">\(messages[$0] ?? "")</a></li>" })
        return """
            <div class="banner" role="alert" tabindex="-1" id="form-errors"><h2>Please correct \(messages.count) \
            \(messages.count == 1 ? "entry" : "entries")</h2><ul>\(items)</ul></div>
            """
    }

    // MARK: Parsing helpers

    mutating func date(_ form: FormData, _ field: String, label: String, required: Bool = true) -> LocalDate? {
        guard let text = form[field] else {
            if required { add(field, "\(label): enter a date (YYYY-MM-DD).") }
            return nil
        }
        guard let date = LocalDate(text) else {
            add(field, "\(label): \"\(text.prefix(20))\" is not a date; use YYYY-MM-DD.")
            return nil
        }
        return date
    }

    mutating func number(
        _ form: FormData, _ field: String, label: String, range: ClosedRange<Double>, required: Bool = false
    ) -> Double? {
        guard let text = form[field] else {
            if required { add(field, "\(label): enter a number.") }
            return nil
        }
        guard let value = Double(text.replacingOccurrences(of: ",", with: ".")), value.isFinite else {
            add(field, "\(label): \"\(text.prefix(20))\" is not a number.")
            return nil
        }
        guard range.contains(value) else {
            add(field, "\(label): \(text.prefix(20)) is outside \(DocumentFormat.number(range.lowerBound))–\(DocumentFormat.number(range.upperBound)).")
            return nil
        }
        return value
    }

    mutating func integer(_ form: FormData, _ field: String, label: String, range: ClosedRange<Int>, required: Bool = false) -> Int? {
        guard let text = form[field] else {
            if required { add(field, "\(label): enter a whole number.") }
            return nil
        }
        guard let value = Int(text) else {
            add(field, "\(label): \"\(text.prefix(20))\" is not a whole number.")
            return nil
        }
        guard range.contains(value) else {
            add(field, "\(label): \(value) is outside \(range.lowerBound)–\(range.upperBound).")
            return nil
        }
        return value
    }
}

/// Small builders for labelled inputs.
enum Field {
    static func text(
        _ name: String, label: String, value: String?, errors: FormErrors, type: String = "text", hint: String? = nil,
        required: Bool = false, extra: HTML = .empty
    ) -> HTML {
        let hintHTML: HTML = hint.map { " <span class=\"hint\">\($0)</span>" } ?? .empty
        return """
            <div class="field"><label for="\(name)">\(label)\(hintHTML)</label>\(errors.message(name))\
            <input id="\(name)" name="\(name)" type="\(type)" value="\(value ?? "")"\(required ? " required" as HTML : .empty)\
            \(errors.attributes(name))\(extra)></div>
            """
    }

    static func select(
        _ name: String, label: String, options: [(String, String)], selected: String?, errors: FormErrors
    ) -> HTML {
        let list = HTML.join(
            options.map { value, title in
                "<option value=\"\(value)\"\(value == (selected ?? "") ? " selected" as HTML : .empty)>\(title)</option>"
            })
        return """
            <div class="field"><label for="\(name)">\(label)</label>\(errors.message(name))\
            <select id="\(name)" name="\(name)"\(errors.attributes(name))>\(list)</select></div>
            """
    }
}

extension StepwiseRequestContext {
    /// The `{id}` path parameter, percent-decoded.
    func patientID() throws -> String {
        let raw = try parameters.require("id")
        return raw.removingPercentEncoding ?? raw
    }
}
