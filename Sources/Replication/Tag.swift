import Histories

/// The version of a register's value in the quorum protocols: a counter, then the writer that chose it.
///
/// Tags order lexicographically: by counter, then by writer. A write takes the highest counter a
/// majority reports, plus one, with its own writer id, so two writes never pick the same tag as long
/// as writer ids are unique per write (Attiya, Bar-Noy and Dolev, "Sharing memory robustly in
/// message-passing systems", JACM 1995, extended to many writers as in Lynch and Shvartsman 1997).
public struct Tag: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var counter: UInt64
    public var writer: UInt64

    public init(counter: UInt64, writer: UInt64) {
        self.counter = counter
        self.writer = writer
    }

    /// The tag of every register's initial value: below the tag of any write.
    public static let initial = Tag(counter: 0, writer: 0)

    /// The tag a write by `writer` takes after seeing `self` as the highest.
    ///
    /// The counter cannot overflow in practice: it grows by one per write to a register (2^64 writes).
    public func successor(writer: UInt64) -> Tag {
        Tag(counter: counter + 1, writer: writer)
    }

    public static func < (lhs: Tag, rhs: Tag) -> Bool {
        (lhs.counter, lhs.writer) < (rhs.counter, rhs.writer)
    }

    public var description: String { "(\(counter), \(writer))" }
}

/// A value with the tag of the write that produced it: what a replica holds per register part.
public struct TaggedValue: Sendable, Hashable, CustomStringConvertible {
    public var tag: Tag
    public var value: Value

    public init(tag: Tag, value: Value) {
        self.tag = tag
        self.value = value
    }

    public var description: String { "\(value)@\(tag)" }
}
