/// Deciding one level of one register, through the fast path when it applies.
enum LevelDecision {
    enum Path: Sendable { case automatic, zones, search }

    enum Outcome: Sendable {
        /// The level holds; for atomic, a valid order of the kept operations (indices into the ops).
        case holds(witness: [Int])
        /// The level fails; `seed` is a small set of op indices that already shows it, when known.
        case fails(seed: [Int]?)
        case unknown(String)
    }

    /// Decides `level` on `history`: atomicity of the history with the reads the level ignores
    /// removed (see `LevelReduction`), by Gibbons–Korach zones when written values are distinct,
    /// else by the exact search.
    static func decide(_ history: RegisterHistory, level: Level, budget: Budget, path: Path = .automatic) -> Outcome {
        let kept = LevelReduction.kept(history, level: level)
        let reduced = kept.count == history.ops.count ? history : history.restricted(to: kept)
        let useZones: Bool
        switch path {
        case .automatic: useZones = reduced.hasDistinctWrites
        case .zones: useZones = true
        case .search: useZones = false
        }
        if useZones {
            switch Zones.check(reduced) {
            case let .atomic(order):
                // Defensive: the construction is proven, but a witness is only reported once checked.
                if WitnessCheck.isValid(order, in: reduced) { return .holds(witness: order.map { kept[$0] }) }
            case let .violated(seed):
                return .fails(seed: seed.map { kept[$0] })
            }
        }
        do {
            switch try LinearizabilitySearch.check(reduced, budget: budget) {
            case let .linearizable(order):
                guard WitnessCheck.isValid(order, in: reduced) else {
                    return .unknown("internal error: the search produced an invalid order")
                }
                return .holds(witness: order.map { kept[$0] })
            case .notLinearizable:
                return .fails(seed: nil)
            }
        } catch let error as BudgetExceeded {
            return .unknown(error.reason)
        } catch {
            return .unknown("\(error)")
        }
    }
}
