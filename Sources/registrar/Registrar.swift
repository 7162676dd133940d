import ArgumentParser

@main
struct Registrar: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replicated registers over HTTP, and a checker for safe, regular and atomic histories.",
        subcommands: [Serve.self, Replica.self, Check.self, Timeline.self, Workload.self]
    )
}
