import Pages
import Testing

import Foundation

/// Text colours against their backgrounds meet WCAG 2.x AA for normal text (4.5:1), computed from
/// the hex values in the shipped stylesheet.
@Suite struct ContrastTests {
    /// WCAG relative luminance of `#rgb` or `#rrggbb`.
    static func luminance(_ hex: String) -> Double? {
        var digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        if digits.count == 3 { digits = digits.map { "\($0)\($0)" }.joined() }
        guard digits.count == 6, let value = Int(digits, radix: 16) else { return nil }
        func channel(_ shift: Int) -> Double {
            let c = Double((value >> shift) & 0xFF) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
    }

    static func ratio(_ a: String, _ b: String) -> Double {
        guard let x = luminance(a), let y = luminance(b) else { return 0 }
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    /// The stylesheet's rules as selector → declarations (comments dropped; no nesting in our CSS).
    static func rules() throws -> [String: [String: String]] {
        var css = try Golden.stylesheet()
        while let start = css.firstRange(of: "/*"), let end = css[start.upperBound...].firstRange(of: "*/") {
            css.removeSubrange(start.lowerBound..<end.upperBound)
        }
        var result: [String: [String: String]] = [:]
        for block in css.split(separator: "}") {
            let parts = block.split(separator: "{", maxSplits: 1)
            guard parts.count == 2 else { continue }
            var declarations: [String: String] = [:]
            for declaration in parts[1].split(separator: ";") {
                let pair = declaration.split(separator: ":", maxSplits: 1)
                guard pair.count == 2 else { continue }
                declarations[pair[0].trimmingCharacters(in: .whitespacesAndNewlines)] =
                    pair[1].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            for selector in parts[0].split(separator: ",") {
                result[selector.trimmingCharacters(in: .whitespacesAndNewlines), default: [:]].merge(declarations) { $1 }
            }
        }
        return result
    }

    @Test func theRatioMatchesWCAGsReferenceValues() {
        #expect(abs(Self.ratio("#000000", "#ffffff") - 21) < 0.001)
        #expect(abs(Self.ratio("#fff", "#fff") - 1) < 0.001)
        #expect(abs(Self.ratio("#767676", "#ffffff") - 4.54) < 0.01)
    }

    @Test(arguments: Badge.allCases)
    func badgeTextHasContrastOfAtLeast4_5(badge: Badge) throws {
        let rule = try #require(try Self.rules()[".badge.\(badge.rawValue)"])
        let color = try #require(rule["color"])
        let background = try #require(rule["background"])
        #expect(Self.ratio(color, background) >= 4.5, "\(badge): \(color) on \(background)")
    }

    @Test func everyRuleThatSetsBothColoursHasContrastOfAtLeast4_5() throws {
        let rules = try Self.rules()
        var checked = 0
        for (selector, declarations) in rules {
            guard let color = declarations["color"], let background = declarations["background"] else { continue }
            checked += 1
            #expect(Self.ratio(color, background) >= 4.5, "\(selector): \(color) on \(background)")
        }
        #expect(checked >= 10)
    }

    @Test func timelineTextIsReadableOnEveryFillItSitsOn() throws {
        let rules = try Self.rules()
        let pageText = try #require(rules["body"]?["color"])
        let link = try #require(rules["a"]?["color"])
        let barText = try #require(rules[".bar text"]?["fill"])
        let laneText = try #require(rules[".lane text"]?["fill"])
        let barFills = rules.filter { $0.key.hasPrefix(".bar.") && $0.key.hasSuffix(" rect") }.compactMap { $0.value["fill"] }
        #expect(barFills.count == 4)
        // fail bars are hatched in two colours the SVG itself carries.
        for fill in barFills + ["#f6f8fa", "#d0d7de"] {
            #expect(Self.ratio(barText, fill) >= 4.5, "bar text on \(fill)")
        }
        for fill in [rules[".lane.even rect"]?["fill"], rules[".lane.odd rect"]?["fill"]] {
            let fill = try #require(fill)
            #expect(Self.ratio(laneText, fill) >= 4.5, "lane text on \(fill)")
        }
        // Page text and links on the page and on highlighted rows.
        let backgrounds = ["#ffffff", try #require(rules["tr.violating td"]?["background"]), try #require(rules["tr:target td"]?["background"])]
        for background in backgrounds {
            #expect(Self.ratio(pageText, background) >= 4.5)
            #expect(Self.ratio(link, background) >= 4.5, "links on \(background)")
            #expect(Self.ratio(try #require(rules[".note"]?["color"]), background) >= 4.5)
        }
    }
}
