import App
import ArgumentParser

/// Prints `message` on standard error and returns the exit code to throw. SPEC §6 says bad input
/// exits 2, while the argument parser's own validation errors exit 64.
func failure(_ message: String, code: Int32 = 2) -> ExitCode {
    StandardError.write("registrar: \(message)\n")
    return ExitCode(code)
}
