/// A verdict badge: the consistency of a register, an array or a history, shown in words.
///
/// The CSS class `badge <rawValue>` picks its colours in `Public/timeline.css`; the word is always
/// written, so the badge never relies on colour alone.
public enum Badge: String, Sendable, Hashable, CaseIterable {
    /// Linearizable.
    case atomic
    /// Regular but not atomic.
    case regular
    /// Safe but not regular.
    case safe
    /// Not even safe. Spelled "none", as the verdict JSON spells it; the case has another name so
    /// that it never reads as `Optional.none`.
    case notSafe = "none"
    /// The checker gave up within its budget.
    case unknown
    /// No verdict yet.
    case pending

    /// The badge for a verdict's `consistency` string; anything unrecognised is `unknown`.
    public init(consistency: String) {
        self = Badge(rawValue: consistency) ?? .unknown
    }

    /// The word on the badge.
    public var word: String { rawValue }

    /// What the word means, for the badge's tooltip.
    public var explanation: String {
        switch self {
        case .atomic: return "atomic: linearizable, every read returns its latest write in some valid order"
        case .regular: return "regular: not atomic; every read returns its latest write or a concurrent one"
        case .safe: return "safe: not regular; reads concurrent with no write return their latest write"
        case .notSafe: return "none: not even safe"
        case .unknown: return "unknown: the checker gave up before deciding"
        case .pending: return "pending: not checked yet"
        }
    }

    /// The weakest of several badges, as a history's consistency is the weakest of its registers'.
    ///
    /// `none` wins outright; otherwise an undecided register (`pending`, then `unknown`) leaves the
    /// whole undecided; otherwise the weakest level. No badges at all: `atomic` (nothing to violate).
    public static func weakest(_ badges: some Sequence<Badge>) -> Badge {
        badges.min { $0.strength < $1.strength } ?? .atomic
    }

    private var strength: Int {
        switch self {
        case .notSafe: return 0
        case .pending: return 1
        case .unknown: return 2
        case .safe: return 3
        case .regular: return 4
        case .atomic: return 5
        }
    }
}
