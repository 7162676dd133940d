/// The key of a row of `operations`: the array's id times 2^40 plus the operation's id
/// (Migrations/0006), so that an array's operations are one range of keys, in id order.
enum OperationKey {
    /// Operation ids run from 0 to `span - 1`; array ids from 0 to 2^23 - 1, so keys fit 63 bits.
    static let span: Int64 = 1 << 40
    static let arrays: Int64 = 1 << 23

    /// The key of operation `id` of array `array`.
    static func of(array: Int64, id: Int, name: String) throws(StorageError) -> Int64 {
        guard id >= 0, Int64(id) < span else {
            throw StorageError(kind: .invalid, message: "operation id \(id) of array \(name) is outside 0..<2^40")
        }
        guard array >= 0, array < arrays else {
            throw StorageError(kind: .invalid, message: "array \(name) has id \(array); operations are keyed for array ids below 2^23")
        }
        return array * span + Int64(id)
    }

    /// The keys of array `array`'s operations; nil for an array id past those keyed (it has none).
    /// Closed, because the last array's range ends at 2^63 - 1.
    static func range(of array: Int64) -> ClosedRange<Int64>? {
        guard array >= 0, array < arrays else { return nil }
        return (array * span)...(array * span + (span - 1))
    }
}
