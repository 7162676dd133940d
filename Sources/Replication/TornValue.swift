import Histories
import JSON

/// How a safe register cuts a value in two and puts two parts back together.
///
/// Like a 64-bit word written by a 32-bit machine, each part is written separately, so a reader can
/// see the first part of one write and the second part of another: a torn value. The rule is total,
/// and `join(halves(of: v)) == v` for every value:
/// - a string is cut into two halves of characters (the first one longer when the count is odd);
///   a torn string is the first half of one write followed by the second half of another
///   (`"aaaa"` and `"bbbb"` can tear into `"aabb"`);
/// - an integer that fits 64 bits is cut into its high and low 32-bit words (two's complement);
///   a torn integer is `high << 32 | low` from two writes, so small non-negative integers
///   (high word 0) only tear visibly against large or negative ones;
/// - `null`, booleans and other numbers are not cut: part 0 holds the value, part 1 holds `null`;
/// - parts of different kinds (a string half with a word, say) join as part 0 alone.
enum TornValue {
    static func halves(of value: Value) -> [Value] {
        switch value {
        case let .string(text):
            let middle = text.index(text.startIndex, offsetBy: (text.count + 1) / 2)
            return [.string(String(text[..<middle])), .string(String(text[middle...]))]
        case let .number(number):
            guard let integer = number.int64Value else { return [value, .null] }
            return [.int(integer >> 32), .int(integer & 0xFFFF_FFFF)]
        case .null, .bool:
            return [value, .null]
        }
    }

    static func join(_ first: Value, _ second: Value) -> Value {
        switch (first, second) {
        case let (.string(a), .string(b)):
            return .string(a + b)
        case let (.number(high), .number(low)):
            // Only words made by `halves` are joined: a high word in Int32 range and a low word in
            // UInt32 range. Anything else (a whole non-integer number in part 0) stands alone.
            guard let h = high.int64Value, let l = low.int64Value,
                  (Int64(Int32.min)...Int64(Int32.max)).contains(h), (0...Int64(UInt32.max)).contains(l)
            else { return first }
            return .int(h << 32 | l)
        default:
            return first
        }
    }
}
