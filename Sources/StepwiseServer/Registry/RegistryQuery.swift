// SPDX-License-Identifier: Apache-2.0
import StepwiseStorage

/// Search, filter, sort and paging of registry rows, shared by the web page, CSV and API.
public struct RegistryQuery: Sendable, Equatable {
    /// Sort keys.
    public enum SortKey: String, Sendable, CaseIterable {
        case patient, phq9, change, weeks, stage, flags
    }

    /// Case-insensitive substring of the patient id.
    public var search: String?
    /// Only rows with this flag (`RegistryFlag` raw value), or `trd` for any TRD definition met.
    public var flag: String?
    /// Sort key (default: most flags first, so the patients who need attention lead).
    public var sort: SortKey
    /// Descending order.
    public var descending: Bool
    /// 1-based page.
    public var page: Int
    /// Rows per page.
    public var pageSize: Int

    /// Creates a query.
    public init(
        search: String? = nil, flag: String? = nil, sort: SortKey = .flags, descending: Bool = true, page: Int = 1,
        pageSize: Int = 50
    ) {
        self.search = search
        self.flag = flag
        self.sort = sort
        self.descending = descending
        self.page = max(1, page)
        self.pageSize = min(max(1, pageSize), 1000)
    }

    /// Reads `q`, `flag`, `sort`, `dir`, `page`, `size` from a query string.
    public init(form: FormData) {
        self.init(
            search: form["q"], flag: form["flag"], sort: form["sort"].flatMap(SortKey.init(rawValue:)) ?? .flags,
            descending: (form["dir"] ?? (form["sort"] == nil ? "desc" : "asc")) == "desc",
            page: form["page"].flatMap(Int.init) ?? 1, pageSize: form["size"].flatMap(Int.init) ?? 50)
    }

    /// The matching rows, sorted (all pages).
    public func filtered(_ rows: [RegistrySummary]) -> [RegistrySummary] {
        var result = rows
        if let search = search?.lowercased(), !search.isEmpty {
            result = result.filter { $0.patientID.lowercased().contains(search) }
        }
        if let flag, !flag.isEmpty {
            result = flag == "trd" ? result.filter { !$0.trdDefinitionsMet.isEmpty } : result.filter { $0.flags.contains(flag) }
        }
        // Decorate–sort–undecorate: each row's key is computed once, not per comparison.
        let key = sort
        let descending = self.descending
        let keyed = result.map { (row: $0, key: Self.sortValue($0, key)) }
        let sorted = keyed.sorted { a, b in
            if a.key == b.key { return a.row.patientID < b.row.patientID }
            return descending ? b.key < a.key : a.key < b.key
        }
        result = sorted.map(\.row)
        return result
    }

    /// Identifies the filtered, sorted view (everything but the page).
    public var viewKey: String { "\(search?.lowercased() ?? "")\u{1F}\(flag ?? "")\u{1F}\(sort.rawValue)\u{1F}\(descending)" }

    /// One page of already filtered and sorted rows.
    public func page(ofFiltered all: [RegistrySummary]) -> ArraySlice<RegistrySummary> {
        let start = min((page - 1) * pageSize, all.count)
        return all[start..<min(start + pageSize, all.count)]
    }

    /// One page of the matching rows and the total count.
    public func page(of rows: [RegistrySummary]) -> (rows: ArraySlice<RegistrySummary>, total: Int) {
        let all = filtered(rows)
        let start = min((page - 1) * pageSize, all.count)
        return (all[start..<min(start + pageSize, all.count)], all.count)
    }

    /// The query string for this query with changes (for links).
    public func queryString(sort newSort: SortKey? = nil, descending newDescending: Bool? = nil, page newPage: Int? = nil) -> String {
        var parts: [String] = []
        if let search { parts.append("q=\(FormData.encode(search))") }
        if let flag { parts.append("flag=\(FormData.encode(flag))") }
        parts.append("sort=\((newSort ?? sort).rawValue)")
        parts.append("dir=\((newDescending ?? descending) ? "desc" : "asc")")
        if let newPage, newPage > 1 { parts.append("page=\(newPage)") }
        return parts.joined(separator: "&")
    }

    /// A row's value for a sort key; missing values sort before every present value.
    struct SortValue: Comparable {
        var present: Bool
        var number: Double
        var text: String

        static func < (a: SortValue, b: SortValue) -> Bool {
            if a.present != b.present { return !a.present }
            if a.number != b.number { return a.number < b.number }
            return a.text < b.text
        }
    }

    static func sortValue(_ row: RegistrySummary, _ key: SortKey) -> SortValue {
        func number(_ value: Double?) -> SortValue { SortValue(present: value != nil, number: value ?? 0, text: "") }
        switch key {
        case .patient: return SortValue(present: true, number: 0, text: row.patientID)
        case .phq9: return number(row.lastPHQ9.map(Double.init))
        case .change: return number(row.changeSinceBaselinePercent)
        case .weeks: return number(row.weeksInCurrentTreatment.map(Double.init))
        case .stage: return number(row.thaseRushStage.map(Double.init))
        case .flags: return number(Double(urgency(row)))
        }
    }

    /// Safety outranks everything; then the number of other flags.
    static func urgency(_ row: RegistrySummary) -> Int {
        (row.flags.contains(RegistryFlag.safety.rawValue) ? 100 : 0) + row.flags.count
    }
}
