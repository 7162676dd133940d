import Histories

/// Everything a timeline page shows, computed from a history and its verdict: pure data, compared
/// by equality in tests, rendered to HTML by `TimelinePage`.
///
/// Time is compressed as in Porcupine's visualizer: within a register's timeline each distinct
/// event time (an invocation or a completion) gets a rank, 0, 1, 2, …, in time order. Gaps with
/// nothing happening disappear; equal times share a rank, so operations that are concurrent because
/// their times tie still overlap on screen. Strict precedence (`a.complete < b.invoke`) always shows
/// as `a`'s bar ending at a smaller rank than `b`'s starts.
///
/// A page holds at most `pageSize` operations: the history's operations sorted by (invoke, id),
/// cut into consecutive pages. Bars, marks and ranks cover only this page's operations; verdicts,
/// violations and the register list cover the whole history on every page.
public struct TimelineLayout: Sendable, Equatable {
    /// The history's name, if it has one.
    public var name: String?
    /// 1-based page number shown, after clamping to `1...pageCount`.
    public var page: Int
    public var pageCount: Int
    /// Operations in the whole history.
    public var operationCount: Int
    /// Positions (0-based, in (invoke, id) order) of this page's operations.
    public var operationRange: Range<Int>
    /// The history's consistency: the weakest of its registers'.
    public var consistency: Badge
    /// Links to show between pages.
    public var navigation: [PageLink]
    /// Violations on all registers, numbered 1, 2, … in register order; `violation-1` is the first.
    public var violationCount: Int
    /// One per register of the history or the verdict, in label order.
    public var registers: [RegisterSection]

    /// One entry of the page navigation.
    public enum PageLink: Sendable, Equatable {
        /// A link to a page (1-based); `current` for the page being shown.
        case page(Int, current: Bool)
        /// Pages left out of the list.
        case gap
    }
}

extension TimelineLayout {
    /// A register's verdict, its timeline on this page, and its witness or violations.
    public struct RegisterSection: Sendable, Equatable {
        public var register: Label
        /// `register-<index>`: labels are user text, so anchors use the position instead.
        public var anchor: String
        public var consistency: Badge
        public var note: String?
        /// Processes with an operation on this register on this page, in label order.
        public var lanes: [Lane]
        /// Ranks used, 0..<columns; an open-ended (`info`) bar ends at `columns`.
        public var columns: Int
        /// Bars in (invoke, id) order.
        public var bars: [Bar]
        /// Linearization points of this page's operations, in witness order.
        public var marks: [Mark]
        /// The register's violations, whole history.
        public var violations: [ViolationItem]
        /// The witness restricted to this page's operations, with positions in the whole witness.
        public var linearization: [LinearizationEntry]
        /// Length of the whole witness, or nil when there is none.
        public var linearizationLength: Int?
        /// This page's operations on this register, in (invoke, id) order, for the details table.
        public var operations: [OperationRow]
    }

    /// A process's horizontal band; `rows` sub-rows so that bars that overlap in time (an `info`
    /// bar runs to the end, and a process may go on after it) never cover each other.
    public struct Lane: Sendable, Equatable {
        public var process: Label
        /// Row of the whole timeline where this lane starts.
        public var firstRow: Int
        public var rows: Int
    }

    /// One operation drawn from its invocation rank to its completion rank.
    public struct Bar: Sendable, Equatable {
        public var operation: Int
        /// Index into `lanes`.
        public var lane: Int
        /// Row of the whole timeline (`lanes[lane].firstRow` plus the sub-row).
        public var row: Int
        public var x0: Int
        /// Completion rank, or `columns` for an `info` operation, which never completes.
        public var x1: Int
        /// Short text on the bar: `w 3`, `r 3`, `c 1→2`.
        public var label: String
        /// Longer text for the tooltip: process, operation, status.
        public var title: String
        public var kind: Operation.Kind
        public var status: Operation.Status
        /// Numbers of the violations that involve this operation (outlined when not empty).
        public var violations: [Int]
    }

    /// A linearization point: where, within its bar, an operation takes effect in the witness.
    ///
    /// `x` is the largest invocation rank among this operation and those before it in the witness:
    /// non-decreasing in witness order and always within the bar, since a valid order never puts
    /// an operation after one that started after it completed.
    public struct Mark: Sendable, Equatable {
        public var operation: Int
        /// 1-based position in the whole witness.
        public var order: Int
        public var x: Int
        public var row: Int
    }

    /// A violation, numbered across the page.
    public struct ViolationItem: Sendable, Equatable {
        /// `violation-<number>` is its anchor.
        public var number: Int
        public var level: String
        public var rule: String
        public var message: String
        public var operations: [OperationLink]
    }

    /// A reference to an operation anywhere in the history.
    public struct OperationLink: Sendable, Equatable {
        public var id: Int
        /// The page that shows it, or nil when the history has no such operation.
        public var page: Int?
    }

    /// One line of the witness list.
    public struct LinearizationEntry: Sendable, Equatable {
        /// 1-based position in the whole witness.
        public var order: Int
        public var operation: Int
        /// `p1 w 3`.
        public var summary: String
    }

    /// The details of one operation, as text ready to show.
    public struct OperationRow: Sendable, Equatable {
        public var id: Int
        public var process: Label
        public var register: Label
        public var kind: Operation.Kind
        /// The value read or written; `1→2` for a cas.
        public var value: String
        public var invoke: Int64
        public var complete: Int64?
        public var status: Operation.Status
        /// Position in the witness, if it is in it.
        public var order: Int?
        public var violations: [Int]
    }
}
