import Foundation

/// Finds the `Migrations/` folder: SwiftPM cannot bundle files from outside a target's folder, so the
/// SQL files ship beside the binary (or in the source tree) and are found at start-up.
enum MigrationsLocator {
    /// The first of: `explicit` (the `--migrations` flag), `./Migrations` in the working directory,
    /// `Migrations` beside the executable or in its parents (covers `.build/debug/registrar` run from
    /// a checkout), and `../share/registrar/Migrations` relative to the executable (an installed layout).
    static func locate(explicit: String?, executablePath: String = CommandLine.arguments[0]) throws(AppError) -> String {
        let fileManager = FileManager.default
        if let explicit {
            guard isDirectory(explicit) else {
                throw AppError.configuration("migrations folder '\(explicit)' does not exist or is not a folder")
            }
            return explicit
        }
        var candidates = [fileManager.currentDirectoryPath + "/Migrations"]
        let executable = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        var folder = executable
        for _ in 0..<5 {
            candidates.append(folder.appendingPathComponent("Migrations").path)
            folder = folder.deletingLastPathComponent()
        }
        candidates.append(executable.appendingPathComponent("../share/registrar/Migrations").standardized.path)
        for candidate in candidates where isDirectory(candidate) {
            return candidate
        }
        throw AppError.configuration(
            "no Migrations folder found (looked in \(candidates.joined(separator: ", "))); pass --migrations PATH"
        )
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
