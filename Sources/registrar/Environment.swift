#if canImport(Glibc)
import Glibc
#endif

/// The value of the environment variable `name`, nil when it is not set.
func environmentVariable(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}
