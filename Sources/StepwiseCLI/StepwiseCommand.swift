// SPDX-License-Identifier: Apache-2.0
import ArgumentParser

/// The `stepwise` command-line tool. Lives in a library target so tests can parse and run it.
public struct StepwiseCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "stepwise",
        abstract: "Measurement-based care and decision support for difficult-to-treat depression.",
        version: "0.1.0",
        subcommands: [
            Assess.self, Validate.self, Explain.self, Score.self, Instruments.self, Questionnaire.self,
            Cohort.self, Serve.self, UserGroup.self, Import.self, Export.self, Backup.self, Restore.self,
        ]
    )

    public init() {}
}
