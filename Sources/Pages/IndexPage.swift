import Histories

/// The home page `/`: the arrays with their live verdicts, the recent histories, and a form to
/// submit a history file.
///
/// The app knows the URLs; rows carry the links they should show. The form posts
/// `multipart/form-data` to `/histories` with the file in the part named `file` and the chosen
/// format, if any, in the part named `format` (empty: detect from the content).
public struct IndexPage: Sendable, Hashable {
    public var arrays: [ArrayRow]
    public var histories: [HistoryRow]
    /// A link to older histories, when there are more than `histories` shows.
    public var moreHistories: Link?
    /// Where the upload form posts.
    public var uploadAction: String

    public init(arrays: [ArrayRow], histories: [HistoryRow], moreHistories: Link? = nil, uploadAction: String = "/histories") {
        self.arrays = arrays
        self.histories = histories
        self.moreHistories = moreHistories
        self.uploadAction = uploadAction
    }

    /// A link's text and target (made safe with `HTML.safeHref` when rendered).
    public struct Link: Sendable, Hashable {
        public var text: String
        public var href: String

        public init(_ text: String, href: String) {
            self.text = text
            self.href = href
        }
    }

    /// One emulated array.
    public struct ArrayRow: Sendable, Hashable {
        public var name: String
        /// "safe", "regular" or "atomic".
        public var semantics: String
        public var replicas: Int
        public var operations: Int
        /// The verdict of the live history (`pending` until checked).
        public var consistency: Badge
        /// Timeline, verdict, history, …
        public var links: [Link]

        public init(name: String, semantics: String, replicas: Int, operations: Int, consistency: Badge, links: [Link]) {
            self.name = name
            self.semantics = semantics
            self.replicas = replicas
            self.operations = operations
            self.consistency = consistency
            self.links = links
        }
    }

    /// One stored history.
    public struct HistoryRow: Sendable, Hashable {
        /// The history's name, or its id when it has none.
        public var name: String
        public var operations: Int
        public var consistency: Badge
        /// Its timeline page.
        public var href: String
        /// Further links (verdict JSON, history JSON, …).
        public var links: [Link]

        public init(name: String, operations: Int, consistency: Badge, href: String, links: [Link] = []) {
            self.name = name
            self.operations = operations
            self.consistency = consistency
            self.href = href
            self.links = links
        }
    }

    /// The whole page.
    public func render(stylesheet: PageStylesheet = .standard) -> String {
        var body: HTML = "<header>\n<h1>Registrar</h1>\n<p>Arrays of registers over replicas, and the consistency of every history.</p>\n</header>\n"
        body += arraysTable
        body += historiesTable
        body += uploadForm
        return PageDocument.render(title: "Registrar", stylesheet: stylesheet, body: body)
    }

    static func links(_ links: [Link]) -> HTML {
        HTML.joined(links.map { "<a href=\"\(HTML.safeHref($0.href))\">\($0.text)</a>" }, separator: " · ")
    }

    var arraysTable: HTML {
        var html: HTML = "<section id=\"arrays\">\n<h2>Arrays</h2>\n"
        guard !arrays.isEmpty else {
            return html + "<p class=\"empty\">No arrays yet: create one with <code>POST /arrays</code>.</p>\n</section>\n"
        }
        html += """
            <table class="arrays">
            <thead><tr><th scope="col">name</th><th scope="col">semantics</th><th scope="col">replicas</th>\
            <th scope="col">operations</th><th scope="col">verdict</th><th scope="col">links</th></tr></thead>
            <tbody>

            """
        for row in arrays {
            html += """
                <tr><td><code>\(row.name)</code></td><td>\(row.semantics)</td><td>\(row.replicas)</td>\
                <td>\(row.operations)</td><td>\(TimelinePage.badge(row.consistency))</td>\
                <td>\(Self.links(row.links))</td></tr>

                """
        }
        return html + "</tbody>\n</table>\n</section>\n"
    }

    var historiesTable: HTML {
        var html: HTML = "<section id=\"histories\">\n<h2>Recent histories</h2>\n"
        guard !histories.isEmpty else {
            return html + "<p class=\"empty\">No histories yet: submit one below.</p>\n</section>\n"
        }
        html += """
            <table class="histories">
            <thead><tr><th scope="col">name</th><th scope="col">operations</th><th scope="col">verdict</th>\
            <th scope="col">links</th></tr></thead>
            <tbody>

            """
        for row in histories {
            html += """
                <tr><td><a href="\(HTML.safeHref(row.href))">\(row.name)</a></td><td>\(row.operations)</td>\
                <td>\(TimelinePage.badge(row.consistency))</td><td>\(Self.links(row.links))</td></tr>

                """
        }
        html += "</tbody>\n</table>\n"
        if let more = moreHistories {
            html += "<p><a rel=\"next\" href=\"\(HTML.safeHref(more.href))\">\(more.text)</a></p>\n"
        }
        return html + "</section>\n"
    }

    var uploadForm: HTML {
        var options: HTML = "<option value=\"\" selected>detect from content</option>\n"
        for format in HistoryFormat.allCases {
            options += "<option value=\"\(format.rawValue)\">\(format.rawValue)</option>\n"
        }
        return """
            <section id="submit">
            <h2>Check a history</h2>
            <form class="upload" method="post" action="\(HTML.safeHref(uploadAction))" enctype="multipart/form-data">
            <label>History file <input type="file" name="file" required></label>
            <label>Format <select name="format">
            \(options)</select></label>
            <button type="submit">Check</button>
            </form>
            <p>Native JSON, Jepsen EDN, Jepsen JSON, Jepsen text logs and Porcupine operations are accepted.</p>
            </section>

            """
    }
}
