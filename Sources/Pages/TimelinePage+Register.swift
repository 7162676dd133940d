import Histories

extension TimelinePage {
    /// A register's section: heading with badge, timeline, violations, witness, operations table.
    static func registerSection(_ section: TimelineLayout.RegisterSection, page: Int, pageURL: (Int) -> String) -> HTML {
        var html: HTML = """
            <section class="register" id="\(section.anchor)">
            <h2>Register <code>\(section.register)</code> \(badge(section.consistency))</h2>

            """
        if let note = section.note {
            html += "<p class=\"note\">\(note)</p>\n"
        }
        if section.bars.isEmpty {
            html += "<p class=\"empty\">No operations on this register on this page.</p>\n"
        } else {
            html += "<div class=\"timeline\">\n\(TimelineSVG.render(section))</div>\n"
        }
        html += violations(section, page: page, pageURL: pageURL)
        html += witness(section)
        if !section.operations.isEmpty {
            html += operationsTable(section)
        }
        html += "</section>\n"
        return html
    }

    /// A link to an operation: a fragment on this page, the other page's URL plus the fragment
    /// otherwise, and plain text when the history has no such operation.
    static func link(_ operation: TimelineLayout.OperationLink, page: Int, pageURL: (Int) -> String) -> HTML {
        guard let target = operation.page else { return "op \(operation.id) (not in this history)" }
        let base = target == page ? "" : pageURL(target)
        return "<a href=\"\(HTML.safeHref(base + "#op-\(operation.id)"))\">op \(operation.id)</a>"
    }

    static func violations(_ section: TimelineLayout.RegisterSection, page: Int, pageURL: (Int) -> String) -> HTML {
        guard !section.violations.isEmpty else { return HTML() }
        var html: HTML = "<h3>Violations</h3>\n<ol class=\"violations\">\n"
        for violation in section.violations {
            let operations = HTML.joined(violation.operations.map { link($0, page: page, pageURL: pageURL) }, separator: ", ")
            html += """
                <li id="violation-\(violation.number)" value="\(violation.number)"><p><strong>not \
                \(violation.level)</strong>: <code>\(violation.rule)</code></p>
                <p>\(violation.message)</p>
                <p>Operations: \(operations)</p></li>

                """
        }
        html += "</ol>\n"
        return html
    }

    static func witness(_ section: TimelineLayout.RegisterSection) -> HTML {
        guard let length = section.linearizationLength else { return HTML() }
        var html: HTML = """
            <details class="witness" open>
            <summary>Linearization (witness): \(length) operations, \(section.linearization.count) \
            on this page</summary>
            <ol>

            """
        for entry in section.linearization {
            html += "<li value=\"\(entry.order)\"><a href=\"#op-\(entry.operation)\">op \(entry.operation)</a> \(entry.summary)</li>\n"
        }
        html += "</ol>\n</details>\n"
        return html
    }

    static func operationsTable(_ section: TimelineLayout.RegisterSection) -> HTML {
        var html: HTML = """
            <table class="operations">
            <caption>Operations on this page</caption>
            <thead><tr><th scope="col">op</th><th scope="col">process</th><th scope="col">register</th>\
            <th scope="col">kind</th><th scope="col">value</th><th scope="col">invoke</th>\
            <th scope="col">complete</th><th scope="col">status</th><th scope="col">witness</th>\
            <th scope="col">violations</th></tr></thead>
            <tbody>

            """
        for row in section.operations {
            let complete = row.complete.map { HTML("\($0)") } ?? "—"
            let order = row.order.map { HTML("\($0)") } ?? ""
            let violations = HTML.joined(row.violations.map { "<a href=\"#violation-\($0)\">\($0)</a>" }, separator: ", ")
            html += """
                <tr id="op-\(row.id)" class="\(row.status.rawValue)\(row.violations.isEmpty ? "" : " violating")">\
                <td>\(row.id)</td><td>\(row.process)</td><td>\(row.register)</td><td>\(row.kind.rawValue)</td>\
                <td>\(row.value)</td><td>\(row.invoke)</td><td>\(complete)</td><td>\(row.status.rawValue)</td>\
                <td>\(order)</td><td>\(violations)</td></tr>

                """
        }
        html += "</tbody>\n</table>\n"
        return html
    }
}
