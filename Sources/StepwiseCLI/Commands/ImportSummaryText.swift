// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseFHIR

/// The human-readable summary of `stepwise import`.
enum ImportSummaryText {
    static func render(_ summary: BulkImportSummary) -> String {
        var lines: [String] = []
        lines.append("Imported \(summary.files) file(s), \(summary.bytesRead.formatted(.byteCount(style: .file))).")
        lines.append("  resources read      \(summary.resourcesRead)")
        lines.append("  mapped              \(summary.mapped)")
        lines.append("  not used            \(summary.notUsedTotal)")
        for (kind, count) in summary.notUsed.sorted(by: { $0.key < $1.key }) {
            lines.append("    \(kind): \(count)")
        }
        lines.append("  rejected            \(summary.rejectedTotal)")
        for (reason, count) in summary.rejected.sorted(by: { $0.key < $1.key }) {
            lines.append("    \(reason.rawValue): \(count)")
        }
        lines.append("  warnings            \(summary.warnings)")
        lines.append(
            "  patients written    \(summary.patientsWritten) (created \(summary.patientsCreated), updated \(summary.patientsUpdated), unchanged \(summary.patientsUnchanged))"
        )
        if summary.patientsNotWritten > 0 {
            lines.append("  patients not written \(summary.patientsNotWritten) (changed by others during the import)")
        }
        if summary.blankLines > 0 { lines.append("  blank lines skipped \(summary.blankLines)") }
        return lines.joined(separator: "\n")
    }
}

/// A one-line progress bar on standard error, redrawn at most ten times a second (the importer
/// throttles its calls). Only used when standard error is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var drawn = false

    func show(_ progress: BulkImportProgress) {
        let width = 30
        let fraction = progress.totalBytes > 0 ? min(1, Double(progress.bytesRead) / Double(progress.totalBytes)) : 0
        let filled = progress.phase == "reading" ? Int(fraction * Double(width)) : width
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let percent = progress.phase == "reading" ? " \(Int(fraction * 100))%" : ""
        let text = "\r[\(bar)]\(percent) \(progress.resources) resources, \(progress.phase) \(progress.file.prefix(40))\u{1B}[K"
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data(text.utf8))
        drawn = true
    }

    func clear() {
        lock.lock()
        defer { lock.unlock() }
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}
