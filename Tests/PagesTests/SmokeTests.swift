import Histories
import Pages
import Testing

@Test func rendersAPage() {
    let layout = TimelineLayout(history: Fixtures.inversion, verdict: Fixtures.inversionVerdict)
    let html = TimelinePage.render(layout)
    #expect(html.contains("op-3"))
}
