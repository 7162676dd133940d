import FoundationEssentials

/// Finds the folders the app reads at run time (`Migrations/`, `Public/`): SwiftPM cannot bundle
/// files from outside a target's folder, so they ship beside the binary (or in the source tree) and
/// are found at start-up.
enum ResourceLocator {
    /// The first of: `explicit` (a command-line flag), `./NAME` in the working directory, `NAME`
    /// beside the executable or in its parents (covers `.build/debug/registrar` run from a checkout),
    /// and `../share/registrar/NAME` relative to the executable (an installed layout).
    static func locate(
        _ name: String, explicit: String?, flag: String, executablePath: String = CommandLine.arguments[0]
    ) throws(AppError) -> String {
        if let explicit {
            guard isDirectory(explicit) else {
                throw AppError.configuration("\(name) folder '\(explicit)' does not exist or is not a folder")
            }
            return explicit
        }
        var candidates = [FileManager.default.currentDirectoryPath + "/" + name]
        let executable = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        var folder = executable
        for _ in 0..<5 {
            candidates.append(folder.appendingPathComponent(name).path)
            folder = folder.deletingLastPathComponent()
        }
        candidates.append(executable.appendingPathComponent("../share/registrar/\(name)").standardized.path)
        for candidate in candidates where isDirectory(candidate) {
            return candidate
        }
        throw AppError.configuration(
            "no \(name) folder found (looked in \(candidates.joined(separator: ", "))); pass \(flag) PATH")
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory
    }
}
