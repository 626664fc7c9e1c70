// SPDX-License-Identifier: Apache-2.0

/// Small, allocation-light number formatting for explanations (no Foundation formatting on the
/// assessment path).
enum TrialText {
    /// `value` with at most one decimal: `6`, `5.9`, `-32.5`. A value that one decimal would round
    /// onto a whole number it is not gets two decimals, truncated toward zero (`49.96` → `49.96`,
    /// `49.996` → `49.99`, `24.96` → `24.96`), so a figure never lands on a verdict boundary it does not
    /// reach ("50 % improvement" under "< 50 %"; QA F24).
    static func oneDecimal(_ value: Double) -> String {
        guard value.isFinite, abs(value) < limit else { return outOfRange(value) }
        let tenths = Int((value * 10).rounded())
        if tenths % 10 == 0, abs(value - Double(tenths) / 10) > 1e-9 {
            // The nudge keeps a decimal value such as 49.96 (stored as 49.959999…) at 4996 hundredths.
            let hundredths = Int((abs(value) * 100 + 1e-7).rounded(.towardZero))
            let digits = hundredths % 100
            return (value < 0 ? "-" : "") + "\(hundredths / 100)." + (digits < 10 ? "0" : "") + "\(digits)"
        }
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        let whole = magnitude / 10
        let fraction = magnitude % 10
        return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }

    /// A dose in mg with up to three decimals and no trailing zeros: `150`, `0.025`, `37.5`.
    static func dose(_ value: Double) -> String {
        guard value.isFinite, abs(value) < limit else { return outOfRange(value) }
        let thousandths = Int((value * 1000).rounded())
        let sign = thousandths < 0 ? "-" : ""
        let magnitude = abs(thousandths)
        let whole = magnitude / 1000
        var fraction = magnitude % 1000
        guard fraction != 0 else { return "\(sign)\(whole)" }
        var digits = 3
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        var text = String(fraction)
        while text.count < digits { text = "0" + text }
        return "\(sign)\(whole).\(text)"
    }

    /// Values at or beyond this magnitude are not formatted digit by digit (they would overflow
    /// `Int`); input can carry any number, so this keeps formatting crash-free.
    static let limit = 1e12

    static func outOfRange(_ value: Double) -> String {
        value.isNaN ? "?" : (value < 0 ? "< -1e12" : "> 1e12")
    }

    /// Weeks from days, one decimal.
    static func weeks(days: Int) -> String { oneDecimal(Double(days) / 7) }
}
