import Histories
import Pages
import Testing

/// Whole pages compared with stored HTML, so that any change to the markup shows up in review.
@Suite struct GoldenPageTests {
    @Test func atomicHistoryShowsItsWitness() throws {
        let layout = TimelineLayout(history: Fixtures.overlapping, verdict: Fixtures.overlappingVerdict)
        try Golden.check(TimelinePage.render(layout), named: "timeline-atomic.html")
    }

    @Test func violatedHistoryShowsItsViolationInfoAndFail() throws {
        let layout = TimelineLayout(history: Fixtures.inversion, verdict: Fixtures.inversionVerdict)
        try Golden.check(TimelinePage.render(layout), named: "timeline-regular-violation.html")
    }

    @Test func pendingHistoryOnItsSecondPageLinksToTheOthers() throws {
        let layout = TimelineLayout(history: Fixtures.inversion, verdict: nil, page: 2, pageSize: 3)
        let html = TimelinePage.render(layout) { "/histories/7/timeline?page=\($0)" }
        try Golden.check(html, named: "timeline-pending-page-2.html")
    }

    @Test func offlinePageInlinesTheStylesheet() throws {
        let css = try Golden.stylesheet()
        let layout = TimelineLayout(history: Fixtures.inversion, verdict: Fixtures.inversionVerdict)
        let html = TimelinePage.render(layout, stylesheet: .inline(css: css), homeURL: nil)
        #expect(html.contains("<style>\n/* Registrar pages"))
        #expect(!html.contains("<link rel=\"stylesheet\""))
        #expect(!html.contains("href=\"/\""))
        try Golden.check(TimelinePage.render(layout, stylesheet: .inline(css: "b { color: red }"), homeURL: nil),
                         named: "timeline-offline.html")
    }

    @Test func indexListsArraysHistoriesAndTheUploadForm() throws {
        let page = IndexPage(
            arrays: [
                .init(name: "accounts", semantics: "atomic", replicas: 3, operations: 1204, consistency: .atomic, links: [
                    .init("timeline", href: "/arrays/accounts/timeline"),
                    .init("verdict", href: "/arrays/accounts/verdict"),
                    .init("history", href: "/arrays/accounts/history"),
                ]),
                .init(name: "cache", semantics: "regular", replicas: 5, operations: 0, consistency: .pending, links: []),
            ],
            histories: [
                .init(name: "etcd-001", operations: 3021, consistency: .notSafe, href: "/histories/12/timeline",
                      links: [.init("verdict", href: "/histories/12/verdict")]),
                .init(name: "big", operations: 200_000, consistency: .unknown, href: "/histories/11/timeline"),
            ],
            moreHistories: .init("older histories", href: "/?after=11"))
        try Golden.check(page.render(), named: "index.html")
        let empty = IndexPage(arrays: [], histories: []).render()
        try Golden.check(empty, named: "index-empty.html")
    }

    @Test func uploadFormPostsAFileAndAnOptionalFormat() {
        let html = IndexPage(arrays: [], histories: []).render()
        #expect(html.contains(#"<form class="upload" method="post" action="/histories" enctype="multipart/form-data">"#))
        #expect(html.contains(#"<input type="file" name="file" required>"#))
        #expect(html.contains(#"<select name="format">"#))
        for format in HistoryFormat.allCases {
            #expect(html.contains("<option value=\"\(format.rawValue)\">"))
        }
    }
}
