// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Foundation
import StepwiseCore

/// Assessments per second over a generated population, single core and all cores, beside
/// baselines measured in the same run on the same records.
enum AssessBenchmark {
    struct Figures {
        var patients: Int
        var seconds: Double
        var perSecond: Double { Double(patients) / seconds }
    }

    static func run(patients: Int, threads: Int) throws {
        let knowledge = try KnowledgeBase.bundled()
        let asOf = LocalDate(year: 2026, month: 11, day: 21) ?? LocalDate(dayNumber: 20_000)
        let assessor = Assessor(knowledge: knowledge)
        guard let profile = knowledge.profiles.defaultValue else { return }
        let context = AssessmentContext(asOf: asOf, profile: profile)
        let generator = PopulationGenerator(seed: 42, asOf: asOf)

        print("Stepwise assessment benchmark — \(patients) generated patients (~30 measurements, 4 trials each)")
        print("knowledge \(KnowledgeResource.version), profile \(profile.id), as of \(asOf)")
        print("")

        // Records are generated in chunks and dropped after use, so memory stays flat as N grows.
        let chunk = 1_000
        var generationSeconds = 0.0
        var touchSeconds = 0.0
        var encodeSeconds = 0.0
        var assessSeconds = 0.0
        var renderSeconds = 0.0
        var renderedPatients = 0
        var checksum = 0
        var memoryAfter: [(Int, Int)] = []
        var done = 0
        let encoder = JSONEncoder()
        while done < patients {
            let count = min(chunk, patients - done)
            var clock = ContinuousClock.now
            let records = (done..<(done + count)).map(generator.patient)
            generationSeconds += seconds(since: clock)

            // Baseline 1: touch every answer and dose once (a floor for any per-patient work).
            clock = ContinuousClock.now
            for record in records {
                for measurement in record.measurements {
                    for answer in measurement.answers ?? [] { checksum &+= answer ?? 0 }
                }
                for trial in record.trials { checksum &+= Int(trial.doses.last?.mgPerDay ?? 0) }
            }
            touchSeconds += seconds(since: clock)

            // Baseline 2: Foundation JSONEncoder of the input record (every 10th chunk, scaled).
            if (done / chunk) % 10 == 0 {
                clock = ContinuousClock.now
                for record in records { checksum &+= (try? encoder.encode(record).count) ?? 0 }
                encodeSeconds += seconds(since: clock) * 10
            }

            clock = ContinuousClock.now
            for record in records {
                let report = assessor.assess(record, context: context)
                checksum &+= report.plan.count + report.safety.count
            }
            assessSeconds += seconds(since: clock)

            // For comparison: assessment plus writing the whole report as JSON, which renders every
            // explanation (every 10th chunk, on the first 100 records of the chunk).
            if (done / chunk) % 10 == 0 {
                clock = ContinuousClock.now
                for record in records.prefix(100) {
                    let report = assessor.assess(record, context: context)
                    checksum &+= (try? encoder.encode(report).count) ?? 0
                }
                renderSeconds += seconds(since: clock)
                renderedPatients += min(100, records.count)
            }
            done += count
            if done == patients / 4 || done == patients / 2 || done == patients {
                memoryAfter.append((done, peakResidentKiB()))
            }
        }

        let single = Figures(patients: patients, seconds: assessSeconds)
        print(pad("Single core", 42) + "patients/s")
        print(pad("  baseline: touch every value", 42) + format(Double(patients) / touchSeconds))
        print(pad("  baseline: Foundation JSONEncoder", 42) + format(Double(patients) / max(encodeSeconds, 1e-9)))
        print(pad("  Stepwise full assessment", 42) + format(single.perSecond))
        print(pad("  assessment + JSON report (all text)", 42) + format(Double(renderedPatients) / max(renderSeconds, 1e-9)))
        print(pad("  (record generation, not counted)", 42) + format(Double(patients) / generationSeconds))
        print("  µs per assessment: \(format(1_000_000 / single.perSecond))")
        print("")

        // All cores: the same population split into contiguous ranges, one per thread.
        let parallelPatients = patients
        let perThread = (parallelPatients + threads - 1) / threads
        let start = ContinuousClock.now
        let sums = ConcurrentSums(count: threads)
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            let lower = thread * perThread
            let upper = min(parallelPatients, lower + perThread)
            var local = 0
            var index = lower
            while index < upper {
                let report = assessor.assess(generator.patient(index), context: context)
                local &+= report.plan.count
                index += 1
            }
            sums.set(thread, local)
        }
        let parallelSeconds = seconds(since: start)
        // Generation is included here; subtract the single-core generation cost per patient.
        let generationPerPatient = generationSeconds / Double(patients)
        let assessOnly = max(parallelSeconds - generationPerPatient * Double(parallelPatients) / Double(threads), 1e-9)
        print("All cores (\(threads) threads)")
        print(pad("  Stepwise full assessment", 42) + format(Double(parallelPatients) / assessOnly))
        print(pad("  incl. generation", 42) + format(Double(parallelPatients) / parallelSeconds))
        print("")
        print("Peak resident memory (VmHWM) as the population grows:")
        for (count, kib) in memoryAfter {
            print("  after \(pad(String(count), 8)) patients: \(kib / 1024) MiB")
        }
        print("")
        print("checksum \(checksum &+ sums.total)")
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let duration = ContinuousClock.now - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func format(_ value: Double) -> String {
        if value >= 100 { return String(Int(value.rounded())) }
        return String((value * 10).rounded() / 10)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.count))
    }

    static func peakResidentKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.filter(\.isNumber)
            return Int(digits) ?? 0
        }
        return 0
    }
}

/// Per-thread results written from `concurrentPerform` without sharing mutable state unsafely.
final class ConcurrentSums: @unchecked Sendable {
    private var values: [Int]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: 0, count: count) }

    func set(_ index: Int, _ value: Int) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }

    var total: Int {
        lock.lock()
        defer { lock.unlock() }
        return values.reduce(0, &+)
    }
}
