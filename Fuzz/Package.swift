// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets for the parsers that read bytes from strangers. A package of its own, so the
// root package's build and tests never see the sanitizer flags. Build and run with `./run.sh`.
//
// Build with `-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library`. SwiftPM renames an
// executable's entry point to `<module>_main`, so libFuzzer's `main` cannot be used: each target
// defines `<module>_main` itself and hands its test function to `LLVMFuzzerRunDriver`.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "registrar-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "registrar", path: ".."),
    ],
    targets: [
        .target(name: "FuzzerDriver"),
        .executableTarget(
            name: "fuzz-http-parser",
            dependencies: ["FuzzerDriver", .product(name: "HTTP", package: "registrar")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "fuzz-json",
            dependencies: ["FuzzerDriver", .product(name: "JSON", package: "registrar")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "fuzz-histories",
            dependencies: ["FuzzerDriver", .product(name: "Histories", package: "registrar")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "fuzz-multipart",
            dependencies: ["FuzzerDriver", .product(name: "HTTP", package: "registrar")],
            swiftSettings: strict
        ),
    ]
)
