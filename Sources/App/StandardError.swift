#if canImport(Glibc)
import Glibc
#endif

/// Standard error, written with write(2): Foundation's FileHandle would load libFoundation, several
/// MB resident, for a few lines of text.
public enum StandardError {
    /// Writes `text` whole (short writes and EINTR are retried); gives up quietly if standard error
    /// is closed or broken, as there is nowhere left to say so.
    public static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
