// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// Writes a ``PatientRecord`` as exactly the bytes `JSONEncoder` writes with
/// `[.sortedKeys, .withoutEscapingSlashes]` (``RecordCoding``'s canonical form), about ten
/// times faster: the bulk import stores thousands of records per second.
///
/// Byte-for-byte equality with `JSONEncoder` is what keeps stored records, the "unchanged"
/// comparison of bulk saves and every reader unchanged; `RecordJSONWriterTests` checks it over
/// generated and example records, and fails when a model type gains a property this writer
/// does not know (add it here, in sorted key order).
///
/// Rules it mirrors: keys in byte order; `nil` optionals left out; arrays always written;
/// `nil` array elements as `null`; numbers as `Double.description` without a trailing `.0`;
/// strings escaped as `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t` and `\u00xx` for other control
/// characters, everything else (including `/` and non-ASCII) as is. A non-finite number throws,
/// as `JSONEncoder` does.
struct RecordJSONWriter {
    /// A non-finite number, which JSON cannot hold.
    struct NonFinite: Error {}

    private(set) var bytes: [UInt8] = []
    /// Whether the next member of the open object is its first (no comma before it).
    private var first = true

    init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    /// The record's canonical JSON.
    static func encode(_ record: PatientRecord) throws(NonFinite) -> Data {
        var writer = RecordJSONWriter(capacity: 256 + record.measurements.count * 96 + record.trials.count * 160)
        try writer.write(record)
        return writer.bytes.withUnsafeBufferPointer { Data(buffer: $0) }
    }

    // MARK: - Model types (members in byte order of their keys)

    mutating func write(_ r: PatientRecord) throws(NonFinite) {
        open()
        if let v = r.birthDate { key("birthDate"); date(v) }
        key("conditions"); try array(r.conditions) { (w, v: StepwiseCore.Condition) throws(NonFinite) in w.write(v) }
        if let v = r.episode { key("episode"); write(v) }
        key("findings"); try array(r.findings) { (w, v: ClinicalFinding) throws(NonFinite) in w.write(v) }
        key("goals"); try array(r.goals) { (w, v: FunctionalGoal) throws(NonFinite) in w.write(v) }
        key("id"); string(r.id)
        key("labs"); try array(r.labs) { (w, v: LabResult) throws(NonFinite) in try w.write(v) }
        key("measurements"); try array(r.measurements) { (w, v: StepwiseCore.Measurement) throws(NonFinite) in w.write(v) }
        if let v = r.sex { key("sex"); string(v.rawValue) }
        key("trials"); try array(r.trials) { (w, v: TreatmentTrial) throws(NonFinite) in try w.write(v) }
        close()
    }

    mutating func write(_ e: Episode) {
        open()
        if let v = e.course { key("course"); string(v.rawValue) }
        if let v = e.diagnosis { key("diagnosis"); write(v) }
        if let v = e.onset { key("onset"); date(v) }
        close()
    }

    mutating func write(_ d: Diagnosis) {
        open()
        if let v = d.code { key("code"); string(v) }
        if let v = d.display { key("display"); string(v) }
        if let v = d.psychoticFeatures { key("psychoticFeatures"); bool(v) }
        if let v = d.severity { key("severity"); string(v.rawValue) }
        if let v = d.system { key("system"); string(v.rawValue) }
        close()
    }

    mutating func write(_ m: StepwiseCore.Measurement) {
        open()
        if let answers = m.answers {
            key("answers")
            var first = true
            bytes.append(UInt8(ascii: "["))
            for answer in answers {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                if let answer { int(answer) } else { raw("null") }
            }
            bytes.append(UInt8(ascii: "]"))
            self.first = false
        }
        key("date"); date(m.date)
        if let v = m.id { key("id"); string(v) }
        key("instrument"); string(m.instrument)
        if let items = m.items {
            key("items")
            open()
            for name in items.keys.sorted() {
                key(name)
                int(items[name] ?? 0)
            }
            close()
        }
        if let v = m.total { key("total"); int(v) }
        close()
    }

    mutating func write(_ t: TreatmentTrial) throws(NonFinite) {
        open()
        if let v = t.adherence { key("adherence"); try write(v) }
        key("agent"); string(t.agent)
        if let v = t.augments { key("augments"); string(v) }
        if let v = t.clinicianRatedImprovement { key("clinicianRatedImprovement"); try double(v) }
        if let v = t.currentEpisode { key("currentEpisode"); bool(v) }
        key("doses"); try array(t.doses) { (w, v: DoseStep) throws(NonFinite) in try w.write(v) }
        if let v = t.end { key("end"); date(v) }
        if let v = t.id { key("id"); string(v) }
        key("kind"); string(t.kind.rawValue)
        if let v = t.laterality { key("laterality"); string(v.rawValue) }
        if let v = t.note { key("note"); string(v) }
        if let v = t.role { key("role"); string(v.rawValue) }
        if let v = t.sessions { key("sessions"); int(v) }
        key("start"); date(t.start)
        if let v = t.stopReason { key("stopReason"); string(v.rawValue) }
        close()
    }

    mutating func write(_ d: DoseStep) throws(NonFinite) {
        open()
        key("from"); date(d.from)
        if let v = d.mgPerDay { key("mgPerDay"); try double(v) }
        close()
    }

    mutating func write(_ a: Adherence) throws(NonFinite) {
        open()
        if let v = a.clinicianEstimate { key("clinicianEstimate"); try double(v) }
        if let v = a.percentDaysCovered { key("percentDaysCovered"); try double(v) }
        if let v = a.source { key("source"); string(v) }
        close()
    }

    mutating func write(_ c: StepwiseCore.Condition) {
        open()
        if let v = c.category { key("category"); string(v) }
        if let v = c.code { key("code"); string(v) }
        if let v = c.date { key("date"); date(v) }
        if let v = c.display { key("display"); string(v) }
        if let v = c.status { key("status"); string(v.rawValue) }
        if let v = c.system { key("system"); string(v.rawValue) }
        close()
    }

    mutating func write(_ l: LabResult) throws(NonFinite) {
        open()
        key("date"); date(l.date)
        key("test"); string(l.test)
        if let v = l.unit { key("unit"); string(v) }
        key("value"); try double(l.value)
        close()
    }

    mutating func write(_ f: ClinicalFinding) {
        open()
        key("check"); string(f.check)
        if let v = f.date { key("date"); date(v) }
        if let v = f.method { key("method"); string(v) }
        key("status"); string(f.status.rawValue)
        close()
    }

    mutating func write(_ g: FunctionalGoal) {
        open()
        key("description"); string(g.description)
        if let v = g.set { key("set"); date(v) }
        if let v = g.status { key("status"); string(v) }
        if let v = g.target { key("target"); date(v) }
        close()
    }

    // MARK: - JSON pieces

    private mutating func open() {
        bytes.append(UInt8(ascii: "{"))
        first = true
    }

    private mutating func close() {
        bytes.append(UInt8(ascii: "}"))
        first = false
    }

    /// A member name (keys here are plain ASCII) and its colon, after a comma when needed.
    private mutating func key(_ name: StaticString) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// A member name that is data (a `Measurement.items` key).
    private mutating func key(_ name: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func array<T>(_ values: [T], _ element: (inout RecordJSONWriter, T) throws(NonFinite) -> Void)
        throws(NonFinite)
    {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            try element(&self, value)
        }
        bytes.append(UInt8(ascii: "]"))
        first = false
    }

    private mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    private mutating func int(_ value: Int) {
        if value >= 0, value < 10 {
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value))
            return
        }
        bytes.append(contentsOf: String(value).utf8)
    }

    private mutating func double(_ value: Double) throws(NonFinite) {
        guard value.isFinite else { throw NonFinite() }
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            // Integral and below 1e16: `description` is the integer and ".0"; write the integer.
            if value == 0 {
                if value.sign == .minus { raw("-0") } else { raw("0") }
                return
            }
            int(Int(value))
            return
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    private mutating func date(_ value: LocalDate) {
        let c = value.components
        guard (0...9999).contains(c.year) else {
            string(value.description)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        let year = c.year
        bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: year / 1000))
        bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: year / 100 % 10))
        bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: year / 10 % 10))
        bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: year % 10))
        bytes.append(UInt8(ascii: "-"))
        bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: c.month / 10))
        bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: c.month % 10))
        bytes.append(UInt8(ascii: "-"))
        bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: c.day / 10))
        bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: c.day % 10))
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if index > start { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index])) }
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case 0x08: raw("\\b")
                case 0x0C: raw("\\f")
                case 0x0A: raw("\\n")
                case 0x0D: raw("\\r")
                case 0x09: raw("\\t")
                default:
                    raw("\\u00")
                    let hex: StaticString = "0123456789abcdef"
                    bytes.append(hex.utf8Start[Int(byte >> 4)])
                    bytes.append(hex.utf8Start[Int(byte & 0x0F)])
                }
            }
            if utf8.count > start { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
