// swift-tools-version: 6.2
// SPDX-License-Identifier: Apache-2.0
import PackageDescription

// Same upcoming features as hummingbird and swift-log; Swift 6 language mode is the default.
var swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]
// STEPWISE_STRICT=1 makes warnings errors for our targets only; scripts/test.sh (and so CI) sets it.
if Context.environment["STEPWISE_STRICT"] != nil {
    swiftSettings.append(.treatAllWarnings(as: .error))
}

let package = Package(
    name: "stepwise",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "StepwiseCore", targets: ["StepwiseCore"]),
        .library(name: "StepwiseFHIR", targets: ["StepwiseFHIR"]),
        .library(
            name: "StepwiseStorage",
            targets: ["StepwiseStorage", "StepwiseStorageSQLite", "StepwiseStoragePostgres"]
        ),
        .library(name: "StepwiseServer", targets: ["StepwiseServer"]),
        .executable(name: "stepwise", targets: ["stepwise"]),
        .executable(name: "stepwise-bench", targets: ["stepwise-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // Pure domain: no dependencies, no I/O beyond its bundled knowledge resources, no clock.
        .target(
            name: "StepwiseCore",
            resources: [.copy("Resources/Knowledge")],
            swiftSettings: swiftSettings
        ),
        // Hand-written FHIR R4 subset, mapping to and from the domain, CDS Hooks wire types.
        .target(name: "StepwiseFHIR", dependencies: ["StepwiseCore"], swiftSettings: swiftSettings),
        // Storage protocol, the in-memory reference store and the conformance suite's contract.
        .target(
            name: "StepwiseStorage",
            dependencies: ["StepwiseCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "StepwiseStorageSQLite",
            dependencies: ["StepwiseStorage", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "StepwiseStoragePostgres",
            dependencies: ["StepwiseStorage", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: swiftSettings
        ),
        // Hummingbird 2 clinic server: web app, JSON API, FHIR and CDS Hooks endpoints.
        .target(
            name: "StepwiseServer",
            dependencies: [
                "StepwiseCore", "StepwiseFHIR", "StepwiseStorage", "StepwiseStorageSQLite",
                "StepwiseStoragePostgres",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Commands live in a library so tests can parse and run them; `stepwise` only holds @main.
        .target(
            name: "StepwiseCLI",
            dependencies: [
                "StepwiseCore", "StepwiseFHIR", "StepwiseStorage", "StepwiseServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "stepwise",
            dependencies: [
                "StepwiseCLI", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        // Benchmarks: prints figures beside a baseline measured in the same run (docs/PERFORMANCE.md).
        .executableTarget(
            name: "stepwise-bench",
            dependencies: ["StepwiseCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StepwiseCoreTests",
            dependencies: ["StepwiseCore", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StepwiseFHIRTests",
            dependencies: ["StepwiseFHIR", "StepwiseCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StepwiseStorageTests",
            dependencies: [
                "StepwiseStorage", "StepwiseStorageSQLite", "StepwiseStoragePostgres", "StepwiseCore",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StepwiseServerTests",
            dependencies: [
                "StepwiseServer", "StepwiseCore", "StepwiseFHIR", "StepwiseStorage",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StepwiseCLITests",
            dependencies: ["StepwiseCLI", "StepwiseCore", "StepwiseServer"],
            exclude: ["Snapshots"],  // read from disk by ExampleSnapshotTests (scripts/update-snapshots.sh)
            swiftSettings: swiftSettings
        ),
    ]
)
