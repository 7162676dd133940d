/// What to check and how much to spend on it.
///
/// The checker reads no clock of its own: pass `now` (nanoseconds, monotonic) and a `deadline` on that
/// clock to bound time. With the defaults nothing is bounded but the state cap.
public struct CheckOptions: Sendable {
    /// The levels to decide. A level weaker than one that holds is reported as holding without work;
    /// a weaker level is also decided when needed to name the register's consistency.
    public var levels: Set<Level>
    /// Monotonic clock in nanoseconds, used for the deadline and `elapsedMicros`.
    public var now: @Sendable () -> UInt64
    /// Give up (verdict `unknown`) once `now()` reaches this value.
    public var deadline: UInt64?
    /// Give up once an exact search has memoized this many states (bounds memory: each state costs
    /// about one bit per operation of the register plus a few words).
    public var maxStates: Int
    /// Polled during long work; returning true ends the check with `unknown`.
    public var isCancelled: @Sendable () -> Bool
    /// Counterexample shrinking stops after this many re-checks (the violation is then marked not minimal).
    public var maxShrinkChecks: Int
    /// Check registers in parallel on all cores.
    public var parallel: Bool

    public init(
        levels: Set<Level> = Set(Level.allCases),
        now: @escaping @Sendable () -> UInt64 = { 0 },
        deadline: UInt64? = nil,
        maxStates: Int = 4_000_000,
        isCancelled: @escaping @Sendable () -> Bool = { false },
        maxShrinkChecks: Int = 5_000,
        parallel: Bool = true
    ) {
        self.levels = levels
        self.now = now
        self.deadline = deadline
        self.maxStates = maxStates
        self.isCancelled = isCancelled
        self.maxShrinkChecks = maxShrinkChecks
        self.parallel = parallel
    }
}

/// Why work stopped before a decision.
struct BudgetExceeded: Error, Sendable {
    var reason: String
}

/// The budget shared by one check: deadline, state cap and cancellation, polled cheaply.
struct Budget: Sendable {
    let options: CheckOptions

    /// Throws when time is up or the check was cancelled.
    func poll() throws(BudgetExceeded) {
        if options.isCancelled() { throw BudgetExceeded(reason: "cancelled") }
        if let deadline = options.deadline, options.now() >= deadline {
            throw BudgetExceeded(reason: "time budget exhausted")
        }
    }

    var maxStates: Int { options.maxStates }
}
