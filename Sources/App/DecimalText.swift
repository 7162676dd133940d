/// Numbers with a fixed count of decimals, for reports and progress lines.
enum DecimalText {
    /// `value` with `digits` decimals, rounded half away from zero, always with a `.` (no locale,
    /// unlike `String(format:)`, which would also load Foundation).
    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((value * scale).rounded())
        let whole = scaled / Int64(scale), fraction = scaled % Int64(scale)
        guard digits > 0 else { return "\(whole)" }
        let text = String(fraction)
        return "\(whole)." + String(repeating: "0", count: digits - text.count) + text
    }
}
