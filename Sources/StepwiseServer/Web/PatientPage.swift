// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import StepwiseStorage

/// The patient page: safety banner first, timeline, trials with adequacy, TRD and staging,
/// pseudo-resistance to-dos, ranked options with evidence and sources, goals and WSAS, care team.
struct PatientPage {
    var stored: StoredPatient
    var report: AssessmentReport
    var flags: [CareFlag]
    var notes: [CareNote]
    var users: [User]
    var knowledge: KnowledgeBase
    var context: StepwiseRequestContext
    var identity: Identity

    var record: PatientRecord { stored.record }
    var csrf: HTML { "<input type=\"hidden\" name=\"_csrf\" value=\"\(identity.csrfToken ?? "")\">" }
    var versionField: HTML { "<input type=\"hidden\" name=\"version\" value=\"\(stored.version)\">" }
    var base: String { "/patients/\(FormData.encode(stored.id))" }

    func render(flash: HTML? = nil) -> HTML {
        let main: HTML = """
            \(safetyBanner())<h1>Patient \(stored.id)</h1>\(demographics())\(actions())\
            <section aria-labelledby="timeline"><h2 id="timeline">Treatment timeline</h2>\
            \(TimelineChart.svg(record: record, report: report))\(legend())</section>\
            \(monitoring())\(measurements())\(trials())\(trd())\(pseudoResistance())\(options())\
            \(goals())\(conditionsAndLabs())\(careTeam())\(issues())
            """
        return WebPage.render(title: "Patient \(stored.id)", identity: identity, main: main, flash: flash)
    }

    func ruleLink(_ id: String) -> HTML {
        "<a class=\"rule\" href=\"/explain/\(FormData.encode(id))\">\(id)</a>"
    }

    func sourceLinks(_ ids: [String]) -> HTML {
        HTML.join(
            ids.map { id in
                if let source = knowledge.rules.source(id) {
                    if let url = source.url, url.hasPrefix("https://") || url.hasPrefix("http://") {
                        return "<a href=\"\(url)\" title=\"\(source.citation)\" rel=\"noreferrer\">\(id)</a>"
                    }
                    return "<abbr title=\"\(source.citation)\">\(id)</abbr>"
                }
                return "<span>\(id)</span>"
            }, separator: ", ")
    }

    func safetyBanner() -> HTML {
        guard !report.safety.isEmpty else { return .empty }
        let items = HTML.join(
            report.safety.map { flag in
                """
                <div class="safety-flag" data-flag="\(flag.id)"><h2>\(flag.title) <span class="tag safety">\(flag.level)</span></h2>\
                <p><strong>Evidence:</strong> \(flag.evidence.joined(separator: "; "))</p><p><strong>Action:</strong> \(flag.action)</p>\
                <p class="muted">Rule \(ruleLink(flag.rule)) · sources \(sourceLinks(flag.sources))</p></div>
                """
            })
        return "<section class=\"banner\" role=\"alert\" aria-label=\"Safety\" id=\"safety-banner\">\(items)</section>"
    }

    func demographics() -> HTML {
        var fields: [HTML] = []
        if let age = report.patient.age { fields.append("<div><dt>Age</dt><dd>\(age)</dd></div>") }
        if let sex = record.sex { fields.append("<div><dt>Sex</dt><dd>\(sex.rawValue)</dd></div>") }
        if let diagnosis = record.episode?.diagnosis {
            let text = [diagnosis.display, diagnosis.code, diagnosis.severity?.rawValue,
                        diagnosis.psychoticFeatures == true ? "with psychotic features" : nil].compactMap { $0 }.joined(separator: " · ")
            fields.append("<div><dt>Diagnosis</dt><dd>\(text)</dd></div>")
        }
        if let onset = record.episode?.onset { fields.append("<div><dt>Episode onset</dt><dd>\(onset)</dd></div>") }
        fields.append("<div><dt>Record version</dt><dd>\(stored.version), \(stored.updatedAt.formatted(.iso8601))</dd></div>")
        fields.append("<div><dt>Assessed as of</dt><dd>\(report.asOf) · profile \(report.profile)</dd></div>")
        return "<dl class=\"fields\">\(fields)</dl>"
    }

    func actions() -> HTML {
        var links: [HTML] = []
        if context.can(.recordMeasurements) {
            links.append("<a class=\"button\" href=\"\(base)/measurements/new?instrument=phq9\">Give PHQ-9</a>")
            links.append("<a class=\"button secondary\" href=\"\(base)/measurements/new\">Other questionnaire</a>")
        }
        if context.can(.editTreatment) {
            links.append("<a class=\"button secondary\" href=\"\(base)/trials/new\">Add treatment</a>")
            links.append("<a class=\"button secondary\" href=\"\(base)/clinical/new\">Episode, condition, lab, finding or goal</a>")
        }
        let documents = HTML.join(
            [
                ("progress-note", "Progress note"), ("pcp-letter", "Letter to PCP"),
                ("referral-packet?target=rtms", "rTMS referral packet"), ("referral-packet?target=esketamine", "Esketamine packet"),
                ("referral-packet?target=ect", "ECT packet"), ("relapse-prevention", "Relapse-prevention plan"),
            ].map { path, title in "<li><a href=\"\(base)/documents/\(path)\">\(title)</a></li>" })
        return """
            <div class="actions">\(links)</div>\
            <details><summary>Documents</summary><ul>\(documents)</ul></details>
            """
    }

    func legend() -> HTML {
        """
        <p class="legend"><span>Blue line: scores (red dots: item 9 positive)</span><span>Bars: medication (height = dose)</span>\
        <span>Green bars: psychotherapy</span><span>Purple dashed: ECT / rTMS</span><span>Green triangles: response / remission</span>\
        <span>Dark vertical line: today</span></p>
        """
    }

    func monitoring() -> HTML {
        guard !report.monitoring.isEmpty else { return .empty }
        let items = HTML.join(
            report.monitoring.map { item in
                "<li class=\"\(item.level)\"><strong>\(item.level.capitalized):</strong> \(item.message) <span class=\"muted\">(\(item.evidence.joined(separator: "; ")))</span> \(ruleLink(item.rule))</li>"
            })
        return "<section aria-labelledby=\"mon\"><h2 id=\"mon\">Treat-to-target</h2><ul>\(items)</ul></section>"
    }

    func measurements() -> HTML {
        let rows = HTML.join(
            report.measurements.reversed().prefix(20).map { m in
                """
                <tr><td>\(m.date)</td><td>\(DocumentFormat.instrument(m.instrument))</td><td class="num">\(m.total.map(String.init) ?? "—")</td>\
                <td>\(m.band ?? "—")</td><td>\(m.flags.joined(separator: ", "))</td><td>\(m.basis)</td></tr>
                """
            })
        let body: HTML = report.measurements.isEmpty
            ? "<p class=\"muted\">No questionnaires yet.</p>"
            : """
                <div class="table-wrap"><table><thead><tr><th scope="col">Date</th><th scope="col">Instrument</th>\
                <th scope="col" class="num">Total</th><th scope="col">Band</th><th scope="col">Flags</th><th scope="col">Basis</th></tr></thead>\
                <tbody>\(rows)</tbody></table></div>
                """
        return "<section aria-labelledby=\"meas\"><h2 id=\"meas\">Measurements</h2>\(body)</section>"
    }

    func trials() -> HTML {
        guard !report.trials.isEmpty else {
            return "<section aria-labelledby=\"trials\"><h2 id=\"trials\">Treatment trials</h2><p class=\"muted\">No treatments recorded.</p></section>"
        }
        let rows = HTML.join(
            report.trials.map { trial in
                let source = DocumentFormat.recordTrial(for: trial, in: record)
                let reasons = HTML.join(trial.adequacy.reasons.map { "<span class=\"tag\">\($0)</span>" })
                let edit: HTML = trial.end == nil && context.can(.editTreatment) ? trialForms(trial) : .empty
                return """
                    <tr><th scope="row">\(trial.agent)<br><span class="muted">\(trial.kind), \(trial.role)</span></th>\
                    <td>\(trial.start) – \(trial.end?.description ?? "ongoing")</td><td>\(DocumentFormat.doses(source))</td>\
                    <td>\(DocumentFormat.adherence(source))</td>\
                    <td><strong>\(trial.adequacy.verdict)</strong> \(reasons)<br><span class="muted">\(trial.adequacy.explanation)</span> \(ruleLink(trial.adequacy.rule))</td>\
                    <td><strong>\(trial.outcome.class)</strong>\(trial.outcome.percentChange.map { " (\(DocumentFormat.percent($0)))" } ?? "")<br>\
                    <span class="muted">\(trial.outcome.explanation)</span>\(edit)</td></tr>
                    """
            })
        return """
            <section aria-labelledby="trials"><h2 id="trials">Treatment trials</h2><div class="table-wrap"><table>\
            <thead><tr><th scope="col">Treatment</th><th scope="col">Dates</th><th scope="col">Doses</th><th scope="col">Adherence</th>\
            <th scope="col">Adequacy</th><th scope="col">Outcome</th></tr></thead><tbody>\(rows)</tbody></table></div></section>
            """
    }

    func trialForms(_ trial: TrialAssessment) -> HTML {
        guard let index = record.trials.firstIndex(where: { ($0.id != nil && $0.id == trial.id) || ($0.agent == trial.agent && $0.start == trial.start) }) else {
            return .empty
        }
        let reasons = HTML.join(StopReason.allCases.map { "<option value=\"\($0.rawValue)\">\($0.rawValue)</option>" })
        let doseForm: HTML = trial.kind == "medication" ? """
            <details><summary>Change dose</summary><form method="post" action="\(base)/trials/\(index)/dose">\(csrf)\(versionField)\
            <div class="field"><label for="dose-date-\(index)">From date</label><input id="dose-date-\(index)" name="date" type="date" required></div>\
            <div class="field"><label for="dose-mg-\(index)">Dose (mg/day)</label><input id="dose-mg-\(index)" name="mg" inputmode="decimal" required></div>\
            <button type="submit">Save dose change</button></form></details>
            """ : .empty
        return """
            \(doseForm)<details><summary>End treatment</summary><form method="post" action="\(base)/trials/\(index)/end">\(csrf)\(versionField)\
            <div class="field"><label for="end-date-\(index)">Last day</label><input id="end-date-\(index)" name="date" type="date" required></div>\
            <div class="field"><label for="end-reason-\(index)">Why it ended</label><select id="end-reason-\(index)" name="reason">\(reasons)</select></div>\
            <button type="submit">Save</button></form></details>
            """
    }

    func trd() -> HTML {
        let verdicts = HTML.join(
            report.trd.map { verdict in
                """
                <div class="card"><h3>\(verdict.title) <span class="tag\(verdict.met ? " met" : "")">\(verdict.met ? "met" : "not met")</span></h3>\
                <p>\(verdict.explanation)</p><p class="muted">Counted: \(verdict.countedTrials.isEmpty ? "none" : verdict.countedTrials.joined(separator: ", "))</p>\
                <p class="muted">\(ruleLink(verdict.definition)) · \(sourceLinks(verdict.sources))</p></div>
                """
            })
        let staging = report.staging
        let msm = staging.maudsley
        return """
            <section aria-labelledby="trd"><h2 id="trd">Treatment resistance and staging</h2>\
            <div class="cards" id="trd-verdicts">\(report.trd.isEmpty ? "<p class=\"muted\">No definition evaluated.</p>" as HTML : verdicts)</div>\
            <div class="cards">\
            <div class="card"><h3>Thase–Rush stage \(staging.thaseRush.stage)</h3><p>\(staging.thaseRush.explanation)</p>\
            <p class="muted">\(ruleLink("thase-rush")) · \(sourceLinks(staging.thaseRush.sources))</p></div>\
            <div class="card"><h3>Maudsley \(msm.total)/15 (\(msm.band))</h3><p>Duration \(msm.duration), severity \(msm.severity), \
            antidepressants \(msm.antidepressants), augmentation \(msm.augmentation), ECT \(msm.ect).</p><p>\(msm.explanation)</p>\
            \(msm.assumptions.isEmpty ? .empty : "<p class=\"muted\">Assumptions: \(msm.assumptions.joined(separator: "; "))</p>" as HTML)\
            <p class="muted">\(ruleLink("maudsley")) · \(sourceLinks(msm.sources))</p></div>\
            <div class="card"><h3>MGH-s \(DocumentFormat.number(staging.mgh.score))</h3><p>\(staging.mgh.explanation)</p>\
            <p class="muted">\(ruleLink("mgh-s")) · \(sourceLinks(staging.mgh.sources))</p></div></div></section>
            """
    }

    func pseudoResistance() -> HTML {
        guard !report.pseudoResistance.isEmpty else { return .empty }
        let rows = HTML.join(
            report.pseudoResistance.map { item in
                let status: HTML =
                    switch item.status {
                    case "present": "<span class=\"tag safety\">present</span>"
                    case "not-assessed": "<span class=\"tag not-improving\">not assessed — to do</span>"
                    default: "<span class=\"tag\">absent</span>"
                    }
                return """
                    <tr><th scope="row">\(item.title)</th><td>\(status)</td><td>\(item.evidence.joined(separator: "; "))</td>\
                    <td>\(item.suggestion ?? "")</td><td>\(ruleLink(item.id)) \(sourceLinks(item.source.split(separator: " ").map(String.init)))</td></tr>
                    """
            })
        let gaps = report.pseudoResistance.filter { $0.status == "not-assessed" }.count
        return """
            <section aria-labelledby="pseudo"><h2 id="pseudo">Pseudo-resistance checklist</h2>\
            <p>\(gaps) check\(gaps == 1 ? "" : "s") not assessed yet.</p><div class="table-wrap"><table><thead><tr>\
            <th scope="col">Check</th><th scope="col">Status</th><th scope="col">Evidence</th><th scope="col">To do</th><th scope="col">Rule</th></tr></thead>\
            <tbody>\(rows)</tbody></table></div></section>
            """
    }

    func options() -> HTML {
        guard !report.plan.isEmpty else { return .empty }
        let items = HTML.join(
            report.plan.sorted { $0.rank < $1.rank }.map { option in
                let evidence = [option.evidence.guideline, option.evidence.line.map { "line: \($0)" }, option.evidence.level.map { "level \($0)" }]
                    .compactMap { $0 }.joined(separator: " · ")
                let cautions: HTML = option.cautions.isEmpty ? .empty
                    : "<p><strong>Cautions:</strong></p><ul>\(option.cautions.map { "<li>\($0)</li>" as HTML })</ul>"
                return """
                    <li class="card\(option.blocked ? " blocked" as HTML : .empty)"><h3>\(option.rank). \(option.title) <span class="tag">\(option.category)</span>\
                    \(option.blocked ? " <span class=\"tag safety\">blocked for this patient</span>" as HTML : .empty)</h3>\
                    <p>\(option.rationale)</p><p class="muted">Evidence: \(evidence)</p>\(cautions)\
                    <p class="muted">\(ruleLink(option.rule)) · sources \(sourceLinks(option.sources))</p></li>
                    """
            })
        return """
            <section aria-labelledby="plan"><h2 id="plan">Next-step options to consider</h2>\
            <p class="muted">Ranked suggestions with their rule and sources; the decision is the clinician's with the patient.</p>\
            <ol class="cards">\(items)</ol></section>
            """
    }

    func goals() -> HTML {
        let wsas = report.measurements.filter { $0.instrument == "wsas" }
        let wsasText: HTML = wsas.last.map { m in
            "<p>Latest WSAS: <strong>\(m.total.map(String.init) ?? "—")</strong> of 40 on \(m.date)\(m.band.map { " (\($0))" } ?? "")\(wsas.count > 1 ? " · first \(wsas.first?.total.map(String.init) ?? "—") on \(wsas.first?.date.description ?? "")" : "").</p>"
        } ?? "<p class=\"muted\">No WSAS yet. <a href=\"\(base)/measurements/new?instrument=wsas\">Give the WSAS</a>.</p>"
        let list: HTML = record.goals.isEmpty ? "<p class=\"muted\">No goals recorded.</p>"
            : "<ul>\(record.goals.map { "<li>\($0.description) <span class=\"muted\">(\($0.status ?? "active")\($0.target.map { ", target \($0)" } ?? ""))</span></li>" as HTML })</ul>"
        return "<section aria-labelledby=\"goals\"><h2 id=\"goals\">Functional goals and WSAS</h2>\(wsasText)\(list)</section>"
    }

    func conditionsAndLabs() -> HTML {
        let conditions = HTML.join(
            record.conditions.map { c in
                "<li>\(c.display ?? c.category ?? c.code ?? "condition") <span class=\"muted\">\(c.code ?? "") \(c.effectiveStatus.rawValue)\(c.date.map { ", \($0)" } ?? "")</span></li>"
            })
        let labs = HTML.join(
            record.labs.sorted { $0.date < $1.date }.map { lab in
                "<li>\(lab.test): \(DocumentFormat.number(lab.value)) \(lab.unit ?? "") <span class=\"muted\">\(lab.date)</span></li>"
            })
        let findings = HTML.join(
            record.findings.map { "<li>\($0.check): \($0.status.rawValue)\($0.method.map { " (\($0))" } ?? "")\($0.date.map { ", \($0)" } ?? "")</li>" })
        return """
            <section aria-labelledby="cond"><h2 id="cond">Conditions, labs and findings</h2><div class="cards">\
            <div class="card"><h3>Conditions</h3>\(record.conditions.isEmpty ? "<p class=\"muted\">None recorded.</p>" as HTML : "<ul>\(conditions)</ul>")</div>\
            <div class="card"><h3>Labs</h3>\(record.labs.isEmpty ? "<p class=\"muted\">None recorded.</p>" as HTML : "<ul>\(labs)</ul>")</div>\
            <div class="card"><h3>Findings</h3>\(record.findings.isEmpty ? "<p class=\"muted\">None recorded.</p>" as HTML : "<ul>\(findings)</ul>")</div>\
            </div></section>
            """
    }

    func careTeam() -> HTML {
        func name(_ id: String?) -> String {
            guard let id else { return "unassigned" }
            return users.first { $0.id == id }?.displayName ?? "former user"
        }
        let assignable = users.filter { $0.role != .admin }
        let options = HTML.join(assignable.map { "<option value=\"\($0.id)\">\($0.displayName) (\($0.role.title))</option>" })
        let flagRows = HTML.join(
            flags.map { flag in
                """
                <li>\(FlagKinds.title(flag.kind)) · <strong>\(flag.status.rawValue)</strong> · \(name(flag.assignedTo)) \
                <span class="muted">\(flag.createdAt.formatted(.iso8601.year().month().day()))</span>\
                \(flag.status == .open && context.can(.careTeam) ? "<form class=\"inline\" method=\"post\" action=\"/flags/\(FormData.encode(flag.id))\">\(csrf)<input type=\"hidden\" name=\"status\" value=\"resolved\"><input type=\"hidden\" name=\"back\" value=\"\(base)\"><button class=\"secondary\" type=\"submit\">Resolve</button></form>" as HTML : .empty)</li>
                """
            })
        let kinds = HTML.join(FlagKinds.all.map { "<option value=\"\($0.0)\">\($0.1)</option>" })
        let noteItems = HTML.join(
            notes.map { "<li><p>\($0.text)</p><p class=\"muted\">\(name($0.authorID)), \($0.createdAt.formatted(.iso8601))</p></li>" })
        let forms: HTML = context.can(.careTeam) ? """
            <form method="post" action="\(base)/flags">\(csrf)<fieldset><legend>Raise a flag</legend>\
            <div class="field"><label for="flag-kind">Kind</label><select id="flag-kind" name="kind">\(kinds)</select></div>\
            <div class="field"><label for="flag-assignee">Assign to</label><select id="flag-assignee" name="assignee"><option value="">Unassigned</option>\(options)</select></div>\
            <button type="submit">Raise flag</button></fieldset></form>\
            <form method="post" action="\(base)/notes">\(csrf)<fieldset><legend>Add a note</legend>\
            <div class="field"><label for="note-text">Note</label><textarea id="note-text" name="text" required maxlength="10000"></textarea></div>\
            <button type="submit">Save note</button></fieldset></form>
            """ : .empty
        return """
            <section aria-labelledby="team"><h2 id="team">Care team</h2><div class="cards">\
            <div class="card"><h3>Flags</h3>\(flags.isEmpty ? "<p class=\"muted\">No flags.</p>" as HTML : "<ul>\(flagRows)</ul>")</div>\
            <div class="card"><h3>Notes</h3>\(notes.isEmpty ? "<p class=\"muted\">No notes.</p>" as HTML : "<ul>\(noteItems)</ul>")</div></div>\(forms)</section>
            """
    }

    func issues() -> HTML {
        guard !report.issues.isEmpty else { return .empty }
        return """
            <section aria-labelledby="issues"><h2 id="issues">Data that could not be used</h2><ul>\
            \(report.issues.map { "<li><code>\($0.path)</code>: \($0.message)</li>" as HTML })</ul></section>
            """
    }
}

/// Care-team flag kinds offered in forms.
enum FlagKinds {
    static let all: [(String, String)] = [
        (CareFlag.psychiatricReview, "Review with psychiatrist"), ("needs-discussion", "Needs discussion"),
        ("safety-follow-up", "Safety follow-up"), ("outreach", "Outreach (no contact)"),
        ("overdue-measure", "Measure overdue"),
    ]

    static func title(_ kind: String) -> String { all.first { $0.0 == kind }?.1 ?? kind }
}
