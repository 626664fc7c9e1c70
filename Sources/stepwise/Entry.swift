// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import StepwiseCLI

@main
enum Entry {
    static func main() async {
        await StepwiseCommand.main()
    }
}
