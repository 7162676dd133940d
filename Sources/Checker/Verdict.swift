import Histories

/// How consistent a register (or a whole history) is: the strongest level that holds (SPEC §2).
public enum Consistency: String, Sendable, Hashable, CaseIterable {
    case atomic, regular, safe, none
    /// A search gave up (time, memory or cancellation) before deciding.
    case unknown

    /// Orders from weakest to strongest, with `unknown` below `none`, so that the weakest over
    /// registers is `min`: one undecided register makes the whole history undecided.
    var strength: Int {
        switch self {
        case .unknown: return 0
        case .none: return 1
        case .safe: return 2
        case .regular: return 3
        case .atomic: return 4
        }
    }

    /// The weaker of two consistencies.
    public static func weakest(_ a: Consistency, _ b: Consistency) -> Consistency {
        a.strength <= b.strength ? a : b
    }
}

/// One of the three consistency levels of SPEC §2, strongest first.
public enum Level: String, Sendable, Hashable, CaseIterable, Comparable {
    case atomic, regular, safe

    public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }

    /// 0 for atomic (strongest), 2 for safe.
    var rank: Int {
        switch self {
        case .atomic: return 0
        case .regular: return 1
        case .safe: return 2
        }
    }
}

/// The kind of a violation. An open set: new rules may be added.
public struct Rule: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// A read returned a value that no write of the register wrote (and that is not the initial value).
    public static let readFromNowhere = Rule(rawValue: "read-from-nowhere")
    /// A read returned a value whose only writes began after the read completed.
    public static let readBeforeWrite = Rule(rawValue: "read-before-write")
    /// A read returned a value that had been overwritten before the read began.
    public static let staleRead = Rule(rawValue: "stale-read")
    /// Two reads in real-time order saw two writes in the opposite order.
    public static let newOldInversion = Rule(rawValue: "new-old-inversion")
    /// No valid order exists, and no simpler rule explains why (the exact search failed).
    public static let noLinearization = Rule(rawValue: "no-linearization")
}

/// A minimal set of operations showing that a level fails on a register (SPEC §4).
///
/// `operations` are operation ids: taken on their own (with the register's initial value, and leaving
/// out reads, and cas operations, that observed a value only operations outside the set wrote), they
/// violate `level`, and removing any one of them makes the violation disappear.
public struct Violation: Sendable, Hashable {
    public var level: Level
    public var rule: Rule
    /// Operation ids, in ascending order.
    public var operations: [Int]
    /// One plain sentence a person can follow on the timeline.
    public var message: String
    /// For `no-linearization`: the longest valid prefix of an order the search found (operation ids).
    public var partialLinearization: [Int]?
    /// For `no-linearization`: the operations that could not come after `partialLinearization`.
    public var blocked: [Int]?
    /// False when the budget ran out before the set was shrunk to a minimal one.
    public var minimal: Bool

    public init(
        level: Level, rule: Rule, operations: [Int], message: String,
        partialLinearization: [Int]? = nil, blocked: [Int]? = nil, minimal: Bool = true
    ) {
        self.level = level
        self.rule = rule
        self.operations = operations
        self.message = message
        self.partialLinearization = partialLinearization
        self.blocked = blocked
        self.minimal = minimal
    }
}

/// The verdict for one register (SPEC §4).
public struct RegisterVerdict: Sendable, Hashable {
    public var register: Label
    /// Operations of the register in the submitted history (all statuses).
    public var operations: Int
    public var consistency: Consistency
    /// nil when not decided (budget ran out, or the level was not asked for).
    public var atomic: Bool?
    /// Always nil for `cas-register` histories (not defined for cas).
    public var regular: Bool?
    /// Always nil for `cas-register` histories (not defined for cas).
    public var safe: Bool?
    /// One per failing level, strongest level first.
    public var violations: [Violation]
    /// Operation ids in a valid total order whenever the register is atomic: every operation except
    /// failed ones, `info` reads, and `info` writes the order leaves out (dropped).
    public var linearization: [Int]?
    /// Why the consistency is `unknown`, if it is.
    public var unknownReason: String?

    public init(
        register: Label, operations: Int, consistency: Consistency, atomic: Bool?, regular: Bool?,
        safe: Bool?, violations: [Violation], linearization: [Int]?, unknownReason: String?
    ) {
        self.register = register
        self.operations = operations
        self.consistency = consistency
        self.atomic = atomic
        self.regular = regular
        self.safe = safe
        self.violations = violations
        self.linearization = linearization
        self.unknownReason = unknownReason
    }
}

/// The verdict for a whole history: its registers in label order, and the weakest consistency.
public struct Verdict: Sendable, Hashable {
    /// The weakest consistency over the registers (`atomic` for a history without operations).
    public var consistency: Consistency
    public var registers: [RegisterVerdict]
    /// Time spent checking, by the injected clock (0 with the default clock).
    public var elapsedMicros: UInt64

    public init(consistency: Consistency, registers: [RegisterVerdict], elapsedMicros: UInt64) {
        self.consistency = consistency
        self.registers = registers
        self.elapsedMicros = elapsedMicros
    }
}
