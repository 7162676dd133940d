/// How a page gets its styles.
///
/// Served pages link the stylesheet, since the Content-Security-Policy (`PageDocument
/// .contentSecurityPolicy`) allows styles from the server only. A page saved to a file for offline
/// reading carries the stylesheet's text in a `<style>` element instead; Pages reads no files, so
/// the caller passes the text of `Public/timeline.css`.
public enum PageStylesheet: Sendable, Hashable {
    /// `<link rel="stylesheet" href="…">`.
    case linked(href: String)
    /// `<style>…</style>` holding this CSS text.
    case inline(css: String)

    /// The stylesheet the server serves from `Public/`.
    public static let standard = PageStylesheet.linked(href: "/static/timeline.css")
}
