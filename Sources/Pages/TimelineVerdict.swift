import Histories

/// What the checker decided about a history, in the shape the pages need.
///
/// Pages does not depend on the checker: the app maps the checker's verdict into this value. A
/// history with no verdict yet is rendered with a `nil` verdict (every register `pending`).
public struct TimelineVerdict: Sendable, Hashable {
    /// One entry per register; registers of the history missing here are shown as `pending`.
    public var registers: [Register]

    public init(registers: [Register]) {
        self.registers = registers
    }

    /// The verdict on one register.
    public struct Register: Sendable, Hashable {
        public var register: Label
        public var consistency: Badge
        /// Operation ids in a valid total order, when the register is atomic.
        public var linearization: [Int]?
        /// One per level that fails, smallest explaining set first, as the checker orders them.
        public var violations: [Violation]
        /// A remark to show beside the badge (why a search gave up, say).
        public var note: String?

        public init(
            register: Label, consistency: Badge, linearization: [Int]? = nil, violations: [Violation] = [],
            note: String? = nil
        ) {
            self.register = register
            self.consistency = consistency
            self.linearization = linearization
            self.violations = violations
            self.note = note
        }
    }

    /// A minimal set of operations showing that a level fails, with the rule and a sentence.
    public struct Violation: Sendable, Hashable {
        /// The level that fails: "atomic", "regular" or "safe".
        public var level: String
        /// The rule's short name, such as "new-old-inversion".
        public var rule: String
        /// One plain sentence a person can follow on the timeline.
        public var message: String
        /// The operation ids involved.
        public var operations: [Int]

        public init(level: String, rule: String, message: String, operations: [Int]) {
            self.level = level
            self.rule = rule
            self.message = message
            self.operations = operations
        }
    }
}
