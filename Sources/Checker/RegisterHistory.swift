import Histories

/// One operation in compact form: values interned to small ints, times kept exact.
///
/// `complete` is `Int64.max` for an `info` operation: it never completes, so it precedes nothing
/// (SPEC §1), and placing it at the very end is the same as dropping it.
struct Op: Sendable, Hashable {
    enum Kind: UInt8, Sendable { case read, write, cas }

    var kind: Kind
    var info: Bool
    /// Interned value: read result, written value, or cas new value.
    var value: Int32
    /// Interned cas expected value (-1 otherwise).
    var expected: Int32
    var invoke: Int64
    var complete: Int64
    /// Index in `History.operations`, for ids and messages.
    var source: Int32

    /// `self` completed strictly before `other` was invoked.
    @inline(__always) func precedes(_ other: Op) -> Bool { complete < other.invoke }

    /// Neither precedes the other.
    @inline(__always) func isConcurrent(with other: Op) -> Bool { !precedes(other) && !other.precedes(self) }

    var writes: Bool { kind != .read }
}

/// The operations of one register after the preprocessing of SPEC §2: `fail` operations and `info`
/// reads removed, values interned.
struct RegisterHistory: Sendable {
    var register: Label
    var model: History.Model
    /// Interned initial value.
    var initial: Int32
    var ops: [Op]
    /// The interned values, by index.
    var values: [Value]
    /// Operations of the register in the submitted history, all statuses.
    var submittedCount: Int

    /// True when every value written (the initial value included) is written once: the
    /// Gibbons–Korach fast path applies.
    var hasDistinctWrites: Bool {
        guard model == .register else { return false }
        var seen = [Bool](repeating: false, count: values.count)
        seen[Int(initial)] = true
        for op in ops where op.kind == .write {
            if seen[Int(op.value)] { return false }
            seen[Int(op.value)] = true
        }
        return true
    }

    /// The same register restricted to `ops` (indices into `self.ops`), in the given order.
    func restricted(to indices: [Int]) -> RegisterHistory {
        var copy = self
        copy.ops = indices.map { ops[$0] }
        return copy
    }

    /// Splits a history into its registers, in label order, preprocessed.
    static func split(_ history: History) -> [RegisterHistory] {
        var interned: [Value: Int32] = [:]
        var values: [Value] = []
        func intern(_ value: Value) -> Int32 {
            if let index = interned[value] { return index }
            let index = Int32(values.count)
            interned[value] = index
            values.append(value)
            return index
        }
        let initial = intern(history.initial)
        var registerIndex: [Label: Int] = [:]
        var labels: [Label] = []
        var opsByRegister: [[Op]] = []
        var counts: [Int] = []
        for (position, operation) in history.operations.enumerated() {
            let r: Int
            if let existing = registerIndex[operation.register] {
                r = existing
            } else {
                r = labels.count
                registerIndex[operation.register] = r
                labels.append(operation.register)
                opsByRegister.append([])
                counts.append(0)
            }
            counts[r] += 1
            if operation.status == .fail { continue }
            if operation.status == .info && operation.kind == .read { continue }
            let kind: Op.Kind
            switch operation.kind {
            case .read: kind = .read
            case .write: kind = .write
            case .cas: kind = .cas
            }
            let info = operation.status == .info || operation.complete == nil
            // A completion before the invocation is malformed; it is read as an instantaneous operation.
            let complete = info ? Int64.max : max(operation.complete ?? Int64.max, operation.invoke)
            opsByRegister[r].append(Op(
                kind: kind, info: info, value: intern(operation.value),
                expected: kind == .cas ? intern(operation.expected ?? .null) : -1,
                invoke: operation.invoke, complete: complete, source: Int32(position)))
        }
        var result: [RegisterHistory] = []
        for r in labels.indices {
            result.append(RegisterHistory(
                register: labels[r], model: history.model, initial: initial, ops: opsByRegister[r],
                values: values, submittedCount: counts[r]))
        }
        result.sort { $0.register < $1.register }
        return result
    }
}
