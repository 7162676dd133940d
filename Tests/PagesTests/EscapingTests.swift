import Histories
import JSON
import Pages
import Testing

/// Every user string reaches the page escaped: names, processes, registers, values, verdict
/// texts and link targets. The checks parse the output's tags and attributes, so that a string
/// that slipped through raw shows up as an unexpected tag or attribute, not only as a substring.
@Suite struct EscapingTests {
    static let hostile = [
        "<script>alert(1)</script>", "\"onmouseover=\"alert(1)", "'onfocus='alert(2)", "</svg><script>x()</script>",
        "javascript:alert(3)", "Tom & Jerry &amp; &lt;", "ünïcødé 🚀 ‮rtl", "nul\u{0}byte\u{7}bell", "</style><b>",
        "<!-- comment -->", "<img src=x onerror=alert(4)>",
    ]

    static var hostileHistory: History {
        var operations: [Operation] = []
        for (i, text) in hostile.enumerated() {
            operations.append(Operation(
                id: i, process: .string(text), register: .string(hostile[(i + 1) % hostile.count]), kind: .write,
                value: .string(text), invoke: Int64(i), complete: Int64(i + 2), status: .ok))
        }
        operations.append(Operation(
            id: 100, process: .string(hostile[0]), register: .string(hostile[1]), kind: .cas,
            value: .string(hostile[3]), expected: .string(hostile[2]), invoke: 50, complete: nil, status: .info))
        return History(name: hostile[0], model: .casRegister, operations: operations)
    }

    static var hostileVerdict: TimelineVerdict {
        TimelineVerdict(registers: hostile.enumerated().map { i, text in
            .init(register: .string(text), consistency: i % 2 == 0 ? .atomic : .notSafe,
                  linearization: i % 2 == 0 ? [i] : nil,
                  violations: i % 2 == 0 ? [] : [.init(level: text, rule: text, message: text, operations: [i, 100])],
                  note: text)
        })
    }

    static let allowedTags: Set<String> = [
        "!doctype", "html", "head", "meta", "title", "link", "style", "body", "header", "footer", "nav", "section",
        "h1", "h2", "h3", "p", "q", "a", "span", "strong", "code", "ul", "ol", "li", "table", "caption", "thead",
        "tbody", "tr", "th", "td", "details", "summary", "div", "form", "label", "input", "select", "option",
        "button", "svg", "defs", "pattern", "rect", "line", "g", "text", "circle",
    ]
    static let allowedAttributes: Set<String> = [
        "lang", "charset", "name", "content", "rel", "href", "class", "id", "title", "value", "scope", "open",
        "aria-label", "aria-current", "xmlns", "width", "height", "viewbox", "role", "patternunits",
        "patterntransform", "fill", "x", "y", "x1", "y1", "x2", "y2", "stroke", "stroke-width", "rx", "cx", "cy", "r",
        "method", "action", "enctype", "type", "required", "selected",
    ]

    /// Checks the markup's structure: known tags, known attributes, quoted values without raw `<`,
    /// safe link targets, and no script or event handler anywhere.
    static func checkStructure(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!html.lowercased().contains("<script"), sourceLocation: sourceLocation)
        #expect(!html.contains("\u{0}"), sourceLocation: sourceLocation)
        #expect(!html.contains("<!--"), sourceLocation: sourceLocation)
        var rest = Substring(html)
        // Skip a style element's raw text: its CSS has `>` in selectors.
        while let open = rest.firstIndex(of: "<") {
            rest = rest[rest.index(after: open)...]
            guard let close = rest.firstIndex(of: ">") else {
                Issue.record("unclosed tag", sourceLocation: sourceLocation)
                return
            }
            let tag = rest[..<close]
            rest = rest[rest.index(after: close)...]
            var name = tag.prefix { !$0.isWhitespace && $0 != "/" || ($0 == "/" && tag.first == "/") }
            if name.hasPrefix("/") { name = name.dropFirst() }
            #expect(allowedTags.contains(name.lowercased()), "tag <\(tag)>", sourceLocation: sourceLocation)
            if name.lowercased() == "style", tag.first != "/" , let end = rest.firstRange(of: "</style>") {
                rest = rest[end.lowerBound...]
                continue
            }
            guard name.lowercased() != "!doctype" else { continue }
            // Attributes: name="value" with no raw quote or angle bracket inside the value.
            var attributes = tag.dropFirst(name.count + (tag.hasPrefix("/") ? 1 : 0))
            while true {
                attributes = attributes.drop { $0.isWhitespace || $0 == "/" }
                guard !attributes.isEmpty else { break }
                let attribute = attributes.prefix { $0 != "=" && !$0.isWhitespace && $0 != "/" }
                attributes = attributes.dropFirst(attribute.count)
                #expect(allowedAttributes.contains(attribute.lowercased()), "attribute \(attribute) in <\(tag)>",
                        sourceLocation: sourceLocation)
                guard attributes.first == "=" else { continue }
                attributes = attributes.dropFirst()
                guard attributes.first == "\"" else {
                    Issue.record("unquoted value in <\(tag)>", sourceLocation: sourceLocation)
                    break
                }
                attributes = attributes.dropFirst()
                let value = attributes.prefix { $0 != "\"" }
                attributes = attributes.dropFirst(value.count + 1)
                #expect(!value.contains("<"), "raw < in \(attribute)", sourceLocation: sourceLocation)
                if attribute == "href" {
                    // A scheme is what runs; "javascript:" later in a path is only text.
                    let target = value.lowercased().filter { $0.isLetter || $0 == ":" }
                    #expect(!target.hasPrefix("javascript:") && !target.hasPrefix("data:"), "href \(value)",
                            sourceLocation: sourceLocation)
                }
            }
        }
    }

    @Test func hostileNamesProcessesRegistersValuesAndVerdictTextsAreEscaped() {
        let layout = TimelineLayout(history: Self.hostileHistory, verdict: Self.hostileVerdict)
        let html = TimelinePage.render(layout)
        Self.checkStructure(html)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;/svg&gt;&lt;script&gt;x()&lt;/script&gt;"))
        #expect(html.contains("&quot;onmouseover=&quot;alert(1)"))
        #expect(html.contains("&#39;onfocus=&#39;alert(2)"))
        #expect(html.contains("Tom &amp; Jerry &amp;amp; &amp;lt;"))
        #expect(html.contains("ünïcødé 🚀"))
        #expect(html.contains("nul\u{FFFD}byte\u{FFFD}bell"))
        #expect(!html.contains("</svg><"))
        #expect(!html.contains("<img"))
        // Exactly the structural closing tags the renderer writes: one per register with operations.
        let withBars = layout.registers.filter { !$0.bars.isEmpty }.count
        #expect(html.components(separatedBy: "</svg>").count - 1 == withBars)
    }

    @Test func hostileIndexRowsAndLinksAreEscapedAndUnsafeLinksNeutralized() {
        let rows = Self.hostile.map { text in
            IndexPage.ArrayRow(name: text, semantics: text, replicas: 3, operations: 1, consistency: .pending,
                               links: [.init(text, href: text), .init("timeline", href: "/arrays/" + text)])
        }
        let histories = Self.hostile.map { IndexPage.HistoryRow(name: $0, operations: 2, consistency: .atomic, href: $0) }
        let html = IndexPage(arrays: rows, histories: histories, moreHistories: .init("more", href: " javascript:x"),
                             uploadAction: "javascript:alert(5)").render()
        Self.checkStructure(html)
        #expect(!html.contains("href=\"javascript:"))
        #expect(html.contains("action=\"#\""))
        #expect(html.contains("&lt;img src=x onerror=alert(4)&gt;"))
    }

    @Test func pageURLsFromTheCallerAreEscapedAndMustBeSafe() {
        let layout = TimelineLayout(history: Fixtures.inversion, verdict: nil, page: 2, pageSize: 3)
        let html = TimelinePage.render(layout, homeURL: "javascript:alert(6)") { "?page=\($0)&name=\"><script>" }
        Self.checkStructure(html)
        #expect(html.contains("href=\"?page=1&amp;name=&quot;&gt;&lt;script&gt;\""))
        #expect(html.contains("<a href=\"#\">Registrar</a>"))
        let evil = TimelinePage.render(layout) { _ in "JaVaScRiPt:alert(7)" }
        #expect(!evil.lowercased().contains("javascript"))
    }

    @Test func inlineStylesheetCannotCloseItsElement() {
        let layout = TimelineLayout(history: Fixtures.overlapping, verdict: nil)
        let html = TimelinePage.render(layout, stylesheet: .inline(css: "b{} </style><script>alert(8)</script>"), homeURL: nil)
        // The CSS text stays inside its element: one closing tag, the script text before it as CSS.
        #expect(html.components(separatedBy: "</style>").count == 2)
        #expect(html.contains("b{} <\\/style><script>alert(8)<\\/script>\n</style>"))
        Self.checkStructure(html.replacing("<script>alert(8)", with: ""))
    }

    @Test(arguments: [
        ("<&>\"'", "&lt;&amp;&gt;&quot;&#39;"), ("plain", "plain"), ("ü🚀", "ü🚀"), ("a\u{0}b\u{9F}c\td\ne", "a\u{FFFD}b\u{FFFD}c\td\ne"),
    ])
    func escapeReplacesMarkupCharactersAndControls(input: String, escaped: String) {
        #expect(HTML.escape(input) == escaped)
    }

    @Test(arguments: [
        ("/histories/1", "/histories/1"), ("?page=2", "?page=2"), ("#op-3", "#op-3"), ("page-2.html", "page-2.html"),
        ("https://example.com/x", "https://example.com/x"), ("HTTP://a", "HTTP://a"),
        ("javascript:alert(1)", "#"), (" javascript:x", "#"), ("java\tscript:x", "#"), ("data:text/html,x", "#"),
        ("vbscript:x", "#"), ("./a:b", "./a:b"),
    ])
    func safeHrefKeepsRelativeAndHTTPLinksOnly(input: String, output: String) {
        #expect(HTML.safeHref(input) == output)
    }
}
