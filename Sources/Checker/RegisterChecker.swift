import Histories

/// The verdict for one register: levels decided strongest first, then the violations explained.
struct RegisterChecker {
    let history: RegisterHistory
    let source: [Operation]
    let options: CheckOptions

    var budget: Budget { Budget(options: options) }

    /// cas is only defined for atomicity (SPEC §2).
    var isCas: Bool { history.model == .casRegister || history.ops.contains { $0.kind == .cas } }

    struct Decisions {
        var atomic: Bool?
        var regular: Bool?
        var safe: Bool?
        var witness: [Int]?
        var seeds: [Level: [Int]] = [:]
        var unknownReason: String?
        var consistency: Consistency = .unknown
    }

    /// Decides the levels. Atomic implies regular implies safe, so a level that holds settles the
    /// weaker ones and a level that fails settles the stronger ones.
    func decide() -> Decisions {
        var d = Decisions()
        func run(_ level: Level) -> Bool? {
            switch LevelDecision.decide(history, level: level, budget: budget) {
            case let .holds(witness):
                if level == .atomic { d.witness = witness }
                return true
            case let .fails(seed):
                d.seeds[level] = seed
                return false
            case let .unknown(reason):
                if d.unknownReason == nil { d.unknownReason = "\(level.rawValue): \(reason)" }
                return nil
            }
        }
        d.atomic = run(.atomic)
        if isCas {
            d.consistency = d.atomic.map { $0 ? .atomic : .none } ?? .unknown
            return d
        }
        if d.atomic == true {
            d.regular = true
            d.safe = true
        } else {
            d.regular = run(.regular)
            if d.regular == true {
                d.safe = true
            } else {
                d.safe = run(.safe)
                if d.safe == false { d.regular = false }
            }
            if d.regular == false { d.atomic = false }
        }
        if d.atomic == true { d.consistency = .atomic }
        else if d.atomic == false && d.regular == true { d.consistency = .regular }
        else if d.regular == false && d.safe == true { d.consistency = .safe }
        else if d.safe == false { d.consistency = .none }
        else { d.consistency = .unknown }
        if d.consistency != .unknown { d.unknownReason = nil }
        return d
    }

    /// The verdict, with a minimal explained violation for each requested level that fails.
    func verdict(_ d: Decisions) -> RegisterVerdict {
        var violations: [Violation] = []
        for level in Level.allCases where options.levels.contains(level) {
            let holds: Bool? = switch level {
            case .atomic: d.atomic
            case .regular: d.regular
            case .safe: d.safe
            }
            if holds == false { violations.append(explain(level, seed: d.seeds[level])) }
        }
        let ids = d.witness.map { $0.map { source[Int(history.ops[$0].source)].id } }
        return RegisterVerdict(
            register: history.register, operations: history.submittedCount, consistency: d.consistency,
            atomic: d.atomic, regular: isCas ? nil : d.regular, safe: isCas ? nil : d.safe,
            violations: violations, linearization: d.atomic == true ? ids : nil,
            unknownReason: d.consistency == .unknown ? (d.unknownReason ?? "undecided") : nil)
    }

    /// A minimal violating set for `level`, its rule and its sentence.
    func explain(_ level: Level, seed: [Int]?) -> Violation {
        var shrinker = Counterexample(history: history, level: level, budget: budget)
        var start = Array(history.ops.indices)
        if let seed, shrinker.violates(seed) == true { start = seed.sorted() }
        let (set, minimal) = shrinker.shrink(start, maxChecks: options.maxShrinkChecks)
        let explanation = Explanation(history: history, source: source)
        let ids = set.map { explanation.id($0) }.sorted()
        let sub = history.restricted(to: shrinker.meaningful(set))
        let reduced = LevelReduction.kept(sub, level: level)
        let local = reduced.count == sub.ops.count ? sub : sub.restricted(to: reduced)
        let mapBack = shrinker.meaningful(set)
        if let (rule, message) = explanation.classify(reduced.map { mapBack[$0] }) {
            return Violation(level: level, rule: rule, operations: ids, message: message, minimal: minimal)
        }
        // No simple rule: report where the exact search got stuck.
        var partial: [Int] = []
        var blocked: [Int] = []
        if case let .notLinearizable(p, b)? = try? LinearizabilitySearch.check(local, budget: budget, trackPartial: true) {
            partial = p.map { explanation.id(mapBack[reduced[$0]]) }
            blocked = b.map { explanation.id(mapBack[reduced[$0]]) }
        }
        let after = partial.isEmpty ? "from the start" : "after \(partial.map(String.init).joined(separator: ", "))"
        let these = ids.count == 1 ? "operation \(ids[0]) alone" : "these \(ids.count) operations"
        let message = "no order of \(these) lets every read return its latest write: \(after), none of \(blocked.map(String.init).joined(separator: ", ")) can come next"
        return Violation(level: level, rule: .noLinearization, operations: ids, message: message,
                         partialLinearization: partial, blocked: blocked, minimal: minimal)
    }
}
