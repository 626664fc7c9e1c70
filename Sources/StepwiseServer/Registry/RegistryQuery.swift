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
        let key = sort
        result.sort { a, b in
            let order = Self.compare(a, b, key)
            if order == 0 { return a.patientID < b.patientID }
            return descending ? order > 0 : order < 0
        }
        return result
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

    static func compare(_ a: RegistrySummary, _ b: RegistrySummary, _ key: SortKey) -> Int {
        func cmp<T: Comparable>(_ x: T?, _ y: T?) -> Int {
            switch (x, y) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case let (x?, y?): return x < y ? -1 : (x > y ? 1 : 0)
            }
        }
        switch key {
        case .patient: return cmp(a.patientID, b.patientID)
        case .phq9: return cmp(a.lastPHQ9, b.lastPHQ9)
        case .change: return cmp(a.changeSinceBaselinePercent, b.changeSinceBaselinePercent)
        case .weeks: return cmp(a.weeksInCurrentTreatment, b.weeksInCurrentTreatment)
        case .stage: return cmp(a.thaseRushStage, b.thaseRushStage)
        case .flags: return cmp(urgency(a), urgency(b))
        }
    }

    /// Safety outranks everything; then the number of other flags.
    static func urgency(_ row: RegistrySummary) -> Int {
        (row.flags.contains(RegistryFlag.safety.rawValue) ? 100 : 0) + row.flags.count
    }
}
