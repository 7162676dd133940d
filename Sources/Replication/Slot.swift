/// Where a replica keeps one tagged value: a register, and a part of it.
///
/// Atomic and regular arrays store each register whole (part 0). Safe arrays store it in two parts
/// with separate tags, which is what lets a read see a torn value (see `RegisterSemantics.split`).
public struct Slot: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var register: Int
    public var part: Int

    public init(register: Int, part: Int = 0) {
        self.register = register
        self.part = part
    }

    public static func < (lhs: Slot, rhs: Slot) -> Bool {
        (lhs.register, lhs.part) < (rhs.register, rhs.part)
    }

    public var description: String { "\(register).\(part)" }
}
