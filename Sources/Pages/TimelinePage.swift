import Histories

/// Renders a `TimelineLayout` as a static HTML page with inline SVG: no script, every user string
/// escaped, styles from `PageStylesheet`.
///
/// The page, top to bottom: the history's name and consistency, a link to the first violation,
/// page links, a table of registers, then a section per register with its badge, its timeline on
/// this page, its violations, its witness and a table of its operations (each row anchored
/// `op-<id>`).
public enum TimelinePage {
    /// The whole page.
    ///
    /// - Parameters:
    ///   - stylesheet: linked for served pages, inline for a saved file.
    ///   - homeURL: where the "Registrar" link at the top goes, or nil for none (offline pages).
    ///   - pageURL: the URL of page n of this same history (1-based), such as `?page=2`. Links to an
    ///     operation on another page append `#op-<id>` to it.
    public static func render(
        _ layout: TimelineLayout, stylesheet: PageStylesheet = .standard, homeURL: String? = "/",
        pageURL: (Int) -> String = { "?page=\($0)" }
    ) -> String {
        let title = layout.name.map { "Timeline: \($0)" } ?? "Timeline"
        var body = HTML()
        body += header(layout, homeURL: homeURL)
        body += navigation(layout, pageURL: pageURL)
        body += registerTable(layout)
        for section in layout.registers {
            body += registerSection(section, page: layout.page, pageURL: pageURL)
        }
        body += navigation(layout, pageURL: pageURL)
        body += legend
        return PageDocument.render(title: title, stylesheet: stylesheet, body: body)
    }

    static func badge(_ badge: Badge) -> HTML {
        "<span class=\"badge \(badge.rawValue)\" title=\"\(badge.explanation)\">\(badge.word)</span>"
    }

    static func header(_ layout: TimelineLayout, homeURL: String?) -> HTML {
        var html: HTML = "<header>\n"
        if let homeURL {
            html += "<p class=\"crumbs\"><a href=\"\(HTML.safeHref(homeURL))\">Registrar</a></p>\n"
        }
        if let name = layout.name {
            html += "<h1>Timeline of <q>\(name)</q></h1>\n"
        } else {
            html += "<h1>Timeline</h1>\n"
        }
        let shown = layout.operationRange.isEmpty
            ? HTML("no operations")
            : "operations \(layout.operationRange.lowerBound + 1)–\(layout.operationRange.upperBound)"
        html += """
            <p class="summary">\(badge(layout.consistency)) \(layout.operationCount) \
            \(layout.operationCount == 1 ? "operation" : "operations") on \(layout.registers.count) \
            \(layout.registers.count == 1 ? "register" : "registers") · page \(layout.page) of \
            \(layout.pageCount): \(shown)</p>

            """
        if layout.violationCount > 0 {
            html += """
                <p class="first-violation"><a href="#violation-1">First violation</a> \
                (\(layout.violationCount) in all)</p>

                """
        }
        html += "</header>\n"
        return html
    }

    static func navigation(_ layout: TimelineLayout, pageURL: (Int) -> String) -> HTML {
        guard !layout.navigation.isEmpty else { return HTML() }
        var html: HTML = "<nav class=\"pages\" aria-label=\"Pages\"><ul>\n"
        if layout.page > 1 {
            html += "<li><a rel=\"prev\" href=\"\(HTML.safeHref(pageURL(layout.page - 1)))\">← previous</a></li>\n"
        }
        for link in layout.navigation {
            switch link {
            case .gap:
                html += "<li class=\"gap\">…</li>\n"
            case let .page(number, current: true):
                html += "<li><a aria-current=\"page\" href=\"\(HTML.safeHref(pageURL(number)))\">\(number)</a></li>\n"
            case let .page(number, current: false):
                html += "<li><a href=\"\(HTML.safeHref(pageURL(number)))\">\(number)</a></li>\n"
            }
        }
        if layout.page < layout.pageCount {
            html += "<li><a rel=\"next\" href=\"\(HTML.safeHref(pageURL(layout.page + 1)))\">next →</a></li>\n"
        }
        html += "</ul></nav>\n"
        return html
    }

    static func registerTable(_ layout: TimelineLayout) -> HTML {
        guard !layout.registers.isEmpty else { return "<p>This history has no operations.</p>\n" }
        var html: HTML = """
            <table class="registers">
            <caption>Registers</caption>
            <thead><tr><th scope="col">register</th><th scope="col">verdict</th>\
            <th scope="col">operations on this page</th><th scope="col">violations</th></tr></thead>
            <tbody>

            """
        for section in layout.registers {
            html += """
                <tr><td><a href="#\(section.anchor)"><code>\(section.register)</code></a></td>\
                <td>\(badge(section.consistency))</td><td>\(section.operations.count)</td>\
                <td>\(section.violations.count)</td></tr>

                """
        }
        html += "</tbody>\n</table>\n"
        return html
    }

    static let legend: HTML = """
        <footer class="legend">
        <h2>Reading the timeline</h2>
        <ul>
        <li>Each lane is a process; time runs left to right, with the gaps where nothing happens \
        squeezed out, so only the order of events is to scale. Events at equal times line up.</li>
        <li>A bar runs from an operation's invocation to its completion: <code>w 3</code> writes 3, \
        <code>r 3</code> reads 3, <code>c 1→2</code> sets 1 to 2.</li>
        <li><strong>info</strong> bars (dashed, open-ended) never completed: they may or may not have \
        taken effect. <strong>fail</strong> bars (hatched) are known not to have taken effect.</li>
        <li>Dots on bars are linearization points of the witness, in its order; outlined bars take \
        part in a violation.</li>
        </ul>
        </footer>

        """
}
