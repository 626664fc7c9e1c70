// SPDX-License-Identifier: Apache-2.0

/// A document a clinician prints, sends or pastes into a note, as plain structure.
///
/// Generators (``ProgressNote``, ``PCPLetter``, ``ReferralPacket``, ``RelapsePreventionPlan``) are
/// pure functions from a record and its assessment to this value; ``DocumentRenderer`` turns it into
/// Markdown or printable HTML. Nothing here performs I/O.
public struct ClinicalDocument: Sendable, Equatable {
    /// Which document this is.
    public var kind: DocumentKind
    /// The title printed at the top.
    public var title: String
    /// Header lines: patient label, dates, author, addressee.
    public var header: [Field]
    /// The body.
    public var sections: [Section]
    /// The closing line (decision-support notice and knowledge version).
    public var footer: String

    /// Creates a document.
    public init(kind: DocumentKind, title: String, header: [Field], sections: [Section], footer: String) {
        self.kind = kind
        self.title = title
        self.header = header
        self.sections = sections
        self.footer = footer
    }

    /// All the text of the document, for searching in tests.
    public var plainText: String {
        var lines = [title] + header.map { "\($0.label): \($0.value)" }
        for section in sections {
            lines.append(section.heading)
            for block in section.blocks { lines += block.plainLines }
        }
        lines.append(footer)
        return lines.joined(separator: "\n")
    }

    /// A label and its value.
    public struct Field: Sendable, Equatable {
        /// The label.
        public var label: String
        /// The value.
        public var value: String

        /// Creates a field.
        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    /// A headed section.
    public struct Section: Sendable, Equatable {
        /// The heading.
        public var heading: String
        /// The content.
        public var blocks: [Block]

        /// Creates a section.
        public init(_ heading: String, _ blocks: [Block]) {
            self.heading = heading
            self.blocks = blocks
        }
    }

    /// A piece of content.
    public enum Block: Sendable, Equatable {
        /// A paragraph.
        case paragraph(String)
        /// A bulleted list.
        case bullets([String])
        /// A checklist: each item with whether it is done.
        case checklist([(String, Bool)])
        /// A table with a header row.
        case table(header: [String], rows: [[String]])
        /// Label–value pairs.
        case fields([Field])
        /// Lines left blank for the clinician to complete by hand.
        case blankLines(label: String, count: Int)

        var plainLines: [String] {
            switch self {
            case .paragraph(let text): [text]
            case .bullets(let items): items
            case .checklist(let items): items.map(\.0)
            case .table(let header, let rows): [header.joined(separator: " | ")] + rows.map { $0.joined(separator: " | ") }
            case .fields(let fields): fields.map { "\($0.label): \($0.value)" }
            case .blankLines(let label, _): [label]
            }
        }

        public static func == (lhs: Block, rhs: Block) -> Bool { lhs.plainLines == rhs.plainLines && lhs.tag == rhs.tag }

        private var tag: Int {
            switch self {
            case .paragraph: 0
            case .bullets: 1
            case .checklist: 2
            case .table: 3
            case .fields: 4
            case .blankLines: 5
            }
        }
    }
}

/// The documents Stepwise writes.
public enum DocumentKind: String, Sendable, CaseIterable, Codable {
    /// Progress / treatment-stagnation note.
    case progressNote = "progress-note"
    /// Letter to the primary-care clinician.
    case pcpLetter = "pcp-letter"
    /// Prior-authorisation referral packet (rTMS, esketamine or ECT).
    case referralPacket = "referral-packet"
    /// Relapse-prevention plan written for the patient.
    case relapsePrevention = "relapse-prevention"

    /// Human-readable name.
    public var title: String {
        switch self {
        case .progressNote: "Progress / treatment-stagnation note"
        case .pcpLetter: "Letter to the primary-care clinician"
        case .referralPacket: "Prior-authorisation referral packet"
        case .relapsePrevention: "Relapse-prevention plan"
        }
    }
}

/// The treatment a referral packet asks authorisation for.
public enum ReferralTarget: String, Sendable, CaseIterable, Codable {
    /// Repetitive transcranial magnetic stimulation (incl. iTBS).
    case rtms
    /// Esketamine nasal spray.
    case esketamine
    /// Electroconvulsive therapy.
    case ect

    /// Human-readable name.
    public var title: String {
        switch self {
        case .rtms: "Repetitive transcranial magnetic stimulation (rTMS / iTBS)"
        case .esketamine: "Esketamine nasal spray"
        case .ect: "Electroconvulsive therapy (ECT)"
        }
    }
}
