// swift-tools-version:6.1
import PackageDescription

// Strict settings, in one place: Swift 6 language mode everywhere, and existential types spelled `any`.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "registrar",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "registrar", targets: ["registrar"]),
        // The pure parsers, for the fuzz targets in Fuzz/ (a separate package that depends on this one).
        .library(name: "HTTP", targets: ["HTTP"]),
        .library(name: "JSON", targets: ["JSON"]),
        .library(name: "Histories", targets: ["Histories"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.1.0"),
    ],
    targets: [
        // The system SQLite (apt: libsqlite3-dev).
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // epoll(7) and eventfd(2), which Swift's Glibc module does not export (header only).
        .systemLibrary(name: "CEpoll"),
        // prctl(PR_SET_NAME), which Swift cannot call (variadic), to name threads (header only).
        .systemLibrary(name: "CThreadName"),

        // Pure modules: no sockets, no files, no clock.
        .target(name: "JSON", swiftSettings: strict),
        .target(name: "Histories", dependencies: ["JSON"], swiftSettings: strict),
        .target(name: "Checker", dependencies: ["JSON", "Histories"], swiftSettings: strict),
        .target(name: "HTTP", swiftSettings: strict),
        .target(name: "Replication", dependencies: ["Histories"], swiftSettings: strict),
        .target(name: "Pages", dependencies: ["Histories", "JSON"], swiftSettings: strict),

        // Threads and condition variables over pthreads: Foundation's would load libFoundation, several MB resident.
        .target(name: "Threads", dependencies: ["CThreadName"], swiftSettings: strict),

        // Modules that do I/O, one kind each.
        .target(name: "HTTPServer", dependencies: ["HTTP", "CEpoll", "Threads"], swiftSettings: strict),
        .target(name: "Storage", dependencies: ["CSQLite", "JSON", "Histories", "Threads"], swiftSettings: strict),

        // The only place the modules meet.
        .target(
            name: "App",
            dependencies: [
                "JSON", "Histories", "Checker", "HTTP", "HTTPServer", "Storage", "Replication", "Pages", "Threads",
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "registrar",
            dependencies: ["App", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),

        // Helpers shared by the test targets (a client that speaks raw HTTP/1.1).
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),

        .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: strict),
        .testTarget(name: "HistoriesTests", dependencies: ["Histories", "JSON", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "CheckerTests", dependencies: ["Checker", "Histories", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "PagesTests", dependencies: ["Pages", "Histories"], exclude: ["Golden"], swiftSettings: strict),
        .testTarget(name: "ReplicationTests", dependencies: ["Replication", "Histories", "Checker"], swiftSettings: strict),
        .testTarget(name: "ThreadsTests", dependencies: ["Threads"], swiftSettings: strict),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTP", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "JSON", "Histories", "Threads"], swiftSettings: strict),
        .testTarget(name: "AppTests", dependencies: ["App", "HTTP", "HTTPServer", "Replication", "Storage", "Histories", "JSON", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "EndToEndTests", dependencies: ["JSON", "Histories", "Checker", "TestSupport"], swiftSettings: strict),
    ]
)
