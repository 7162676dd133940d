/// The frame every page shares: doctype, head with title and stylesheet, then the body.
public enum PageDocument {
    /// The Content-Security-Policy the app sends with every page: no script at all, styles only
    /// from the server, images only from the server or `data:` URLs.
    public static let contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:"

    /// A whole HTML document around `body`.
    static func render(title: String, stylesheet: PageStylesheet, body: HTML) -> String {
        var page: HTML = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>\(title)</title>

            """
        switch stylesheet {
        case let .linked(href):
            page += "<link rel=\"stylesheet\" href=\"\(HTML.safeHref(href))\">\n"
        case let .inline(css):
            page += "<style>\n\(HTML(verbatim: inlineSafe(css)))\n</style>\n"
        }
        page += "</head>\n<body>\n\(body)</body>\n</html>\n"
        return page.text
    }

    /// CSS text that cannot end its `<style>` element early: the only way out of a style element's
    /// raw text is `</style`, so every `</` becomes `<\/`, which means the same thing in CSS.
    static func inlineSafe(_ css: String) -> String {
        css.replacing("</", with: "<\\/")
    }
}
