// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import NIOCore
import NIOPosix
import StepwiseCLI

@main
enum Entry {
    static func main() async {
        // `stepwise serve`: run Swift concurrency on NIO's event loops, so a request's handler runs on
        // the thread that read it (no hop to Swift's separate pool and back). Only for the server;
        // STEPWISE_EXECUTOR=swift keeps Swift's own pool (for comparison).
        if CommandLine.arguments.dropFirst().first == "serve",
            ProcessInfo.processInfo.environment["STEPWISE_EXECUTOR"] != "swift"
        {
            _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        await StepwiseCommand.main()
    }
}
