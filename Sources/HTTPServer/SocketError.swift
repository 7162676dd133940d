#if canImport(Glibc)
import Glibc
#endif

/// A failed system call, with its name and errno. The only error of the HTTPServer module.
public struct SocketError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The system call that failed, e.g. `bind`.
    public let syscall: String
    /// The errno it left.
    public let errno: Int32

    public init(_ syscall: String, errno: Int32) {
        self.syscall = syscall
        self.errno = errno
    }

    public var description: String {
        "\(syscall) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}
