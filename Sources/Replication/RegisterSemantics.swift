import Histories

/// Which of Lamport's three registers ("On interprocess communication", 1986) an array emulates,
/// and so which quorum protocol runs it.
///
/// - `atomic`: multi-writer ABD. A read writes the value it returns back to a majority before it
///   returns, so a later read can never see an older value (no new-old inversion).
/// - `regular`: the same without the write-back. A read returns the value of the last write before
///   it or of a concurrent one, but two reads in sequence, both concurrent with a write, can see
///   new then old.
/// - `safe`: a write stores its value in two parts, one majority round each. A read takes the newest
///   of each part independently, so a read concurrent with a write can combine parts of two writes: a
///   torn value that nobody wrote. A read concurrent with no write returns the latest value.
public enum RegisterSemantics: String, Sendable, Hashable, CaseIterable {
    case atomic, regular, safe

    /// How many parts a register is stored in.
    public var parts: Int { self == .safe ? 2 : 1 }

    /// Whether a read writes its value back to a majority before returning.
    public var readsWriteBack: Bool { self == .atomic }

    /// `value` cut into `parts` pieces; `join` puts them back together.
    public func split(_ value: Value) -> [Value] {
        self == .safe ? TornValue.halves(of: value) : [value]
    }

    /// The value that `parts` (one per part, possibly from different writes) stand for.
    public func join(_ parts: [Value]) -> Value {
        switch parts.count {
        case 0: return .null
        case 1: return parts[0]
        default: return TornValue.join(parts[0], parts[1])
        }
    }
}
