// SPDX-License-Identifier: Apache-2.0

/// The answer to a hook invocation: cards to show the clinician.
public struct CDSHookResponse: Codable, Sendable, Equatable {
    /// The cards, most urgent first.
    public var cards: [CDSCard]

    /// Creates a response.
    public init(cards: [CDSCard]) { self.cards = cards }
}

/// One CDS Hooks 2.0 card.
public struct CDSCard: Codable, Sendable, Equatable {
    /// The longest summary the specification allows (fewer than 140 characters).
    public static let maximumSummaryLength = 139

    /// Unique id; required for the client to send feedback on the card.
    public var uuid: String?
    /// One line for the clinician, at most ``maximumSummaryLength`` characters.
    public var summary: String
    /// Details in GitHub-flavoured Markdown.
    public var detail: String?
    /// How urgent the card is.
    public var indicator: CDSIndicator
    /// Where the guidance comes from.
    public var source: CDSSource
    /// Actions the clinician can accept.
    public var suggestions: [CDSSuggestion]?
    /// `at-most-one` or `any`; required when there are suggestions.
    public var selectionBehavior: String?
    /// Reasons the clinician may give for not following the card.
    public var overrideReasons: [CDSCoding]?
    /// Links to references or apps.
    public var links: [CDSLink]?

    /// Creates a card; a summary longer than ``maximumSummaryLength`` is shortened with an ellipsis.
    public init(
        uuid: String?, summary: String, detail: String? = nil, indicator: CDSIndicator, source: CDSSource,
        suggestions: [CDSSuggestion]? = nil, selectionBehavior: String? = nil, overrideReasons: [CDSCoding]? = nil,
        links: [CDSLink]? = nil
    ) {
        self.uuid = uuid
        self.summary = CDSCard.limitSummary(summary)
        self.detail = detail
        self.indicator = indicator
        self.source = source
        self.suggestions = suggestions
        self.selectionBehavior = selectionBehavior ?? (suggestions?.isEmpty == false ? "at-most-one" : nil)
        self.overrideReasons = overrideReasons
        self.links = links
    }

    /// `text` cut to ``maximumSummaryLength`` characters at a word boundary, ending in "…".
    public static func limitSummary(_ text: String) -> String {
        // A text of at most that many bytes has at most that many characters (counting bytes is cheap).
        guard text.utf8.count > maximumSummaryLength, text.count > maximumSummaryLength else { return text }
        let prefix = text.prefix(maximumSummaryLength - 1)
        let cut = prefix.lastIndex(of: " ").map { prefix[..<$0] } ?? prefix
        return String(cut) + "…"
    }
}

/// A card's urgency.
public enum CDSIndicator: String, Codable, Sendable, CaseIterable, Comparable {
    /// For information.
    case info
    /// The clinician should notice it.
    case warning
    /// Act on it: a safety signal or a contraindication.
    case critical

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }

    /// Orders by urgency: `info` < `warning` < `critical`.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// Where a card's guidance comes from.
public struct CDSSource: Codable, Sendable, Equatable {
    /// Short name shown to the clinician.
    public var label: String
    /// Where to read more.
    public var url: String?
    /// A category for the card.
    public var topic: CDSCoding?

    /// Creates a source.
    public init(label: String, url: String? = nil, topic: CDSCoding? = nil) {
        self.label = label
        self.url = url
        self.topic = topic
    }
}

/// A code with its system and display text (a FHIR Coding).
public struct CDSCoding: Codable, Sendable, Equatable, Hashable {
    /// The code system URI.
    public var system: String?
    /// The code.
    public var code: String
    /// Human-readable text.
    public var display: String?

    /// Creates a coding.
    public init(system: String? = nil, code: String, display: String? = nil) {
        self.system = system
        self.code = code
        self.display = display
    }
}

/// A suggested action set.
public struct CDSSuggestion: Codable, Sendable, Equatable {
    /// What accepting it does.
    public var label: String
    /// Unique id, echoed in feedback.
    public var uuid: String?
    /// Whether the service recommends it.
    public var isRecommended: Bool?
    /// The FHIR changes it proposes.
    public var actions: [CDSAction]?

    /// Creates a suggestion.
    public init(label: String, uuid: String? = nil, isRecommended: Bool? = nil, actions: [CDSAction]? = nil) {
        self.label = label
        self.uuid = uuid
        self.isRecommended = isRecommended
        self.actions = actions
    }
}

/// One proposed change to the EHR's data.
public struct CDSAction: Codable, Sendable, Equatable {
    /// `create`, `update` or `delete`.
    public var type: String
    /// What the change does.
    public var description: String
    /// The resource to create or update.
    public var resource: CDSJSON?
    /// For `delete`: the resource id (e.g. `MedicationRequest/draft-1`).
    public var resourceId: String?

    /// Creates an action.
    public init(type: String, description: String, resource: CDSJSON? = nil, resourceId: String? = nil) {
        self.type = type
        self.description = description
        self.resource = resource
        self.resourceId = resourceId
    }
}

/// A link from a card.
public struct CDSLink: Codable, Sendable, Equatable {
    /// Link text.
    public var label: String
    /// The address.
    public var url: String
    /// `absolute` or `smart`.
    public var type: String
    /// Context passed to a SMART app.
    public var appContext: String?

    /// Creates a link.
    public init(label: String, url: String, type: String = "absolute", appContext: String? = nil) {
        self.label = label
        self.url = url
        self.type = type
        self.appContext = appContext
    }
}
