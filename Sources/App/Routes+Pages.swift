import Checker
import HTTP
import Histories
import Pages

/// The pages a browser reads (index, timelines), the verdicts of live histories, and `/static`.
extension Routes {
    /// Live verdicts on the index page are computed within this many seconds per array; a bigger
    /// history shows `unknown` there and gets its full budget on its own verdict page.
    static let indexVerdictSeconds = 0.2
    /// `GET /arrays/{name}/verdict` and its timeline check within this many seconds.
    static let liveVerdictSeconds = 10.0

    static func addPages(to router: inout Router<Route>, arrays: ArrayService, histories: HistoryService, files: StaticFiles) {
        // Pages and verdicts run the checker: off the event loop, which has connections to serve.
        func add(_ method: HTTPMethod, _ pattern: String, _ body: @escaping @Sendable (RequestContext) throws -> HTTPResponse) {
            router.add(method, pattern, Route(pattern: pattern, handler: offloaded(body)))
        }

        add(.get, "/") { _ in
            let arrayRows = try arrays.list().map { array in
                let history = try arrays.fullHistory(array)
                let verdict = HistoryService.check(history, seconds: indexVerdictSeconds)
                let base = "/arrays/\(array.record.name)"
                return IndexPage.ArrayRow(
                    name: array.record.name, semantics: array.record.semantics, replicas: array.record.replicas,
                    operations: history.operations.count, consistency: Badge(consistency: verdict.consistency.rawValue),
                    links: [.init("timeline", href: base + "/timeline"), .init("verdict", href: base + "/verdict"),
                            .init("history", href: base + "/history")])
            }
            let records = try histories.list(before: nil, limit: 21)
            let historyRows = records.prefix(20).map { record in
                IndexPage.HistoryRow(
                    name: record.name ?? "history \(record.id)", operations: record.operationCount,
                    consistency: Badge(consistency: record.consistency ?? "pending"),
                    href: "/histories/\(record.id)/timeline",
                    links: [.init("verdict", href: "/histories/\(record.id)/verdict"), .init("history", href: "/histories/\(record.id)")])
            }
            let more = records.count > 20 ? IndexPage.Link("older histories", href: "/histories?after=\(records[19].id)") : nil
            return .html(IndexPage(arrays: arrayRows, histories: historyRows, moreHistories: more).render())
        }

        add(.get, "/arrays/:name/verdict") { context in
            let array = try arrays.array(named: context.parameter("name"))
            let verdict = HistoryService.check(try arrays.fullHistory(array), seconds: liveVerdictSeconds)
            return .json(verdict.json)
        }
        add(.get, "/arrays/:name/timeline") { context in
            let array = try arrays.array(named: context.parameter("name"))
            let history = try arrays.fullHistory(array)
            let verdict = HistoryService.check(history, seconds: liveVerdictSeconds)
            return .html(try timeline(history, verdict: VerdictMapping.timeline(verdict), context: context))
        }
        add(.get, "/histories/:id/timeline") { context in
            let id = try historyID(context)
            let history = try histories.history(id: id)
            let verdict = try histories.verdict(id: id).flatMap(VerdictMapping.timeline(storedJSON:))
            return .html(try timeline(history, verdict: verdict, context: context))
        }
        router.add(.get, "/static/*path", Route(pattern: "/static/*path") { context, reply in
            reply(.success(try files.response(relative: context.parameter("path"), target: context.request.target)))
        })
    }

    /// One page of a timeline; `?page=N` picks it (404 past the last).
    private static func timeline(_ history: History, verdict: TimelineVerdict?, context: RequestContext) throws(AppError) -> String {
        let pages = TimelineLayout.pageCount(operations: history.operations.count)
        let page = try context.integerQuery("page", in: 1...Int.max) ?? 1
        guard page <= max(pages, 1) else {
            throw .notFound("this timeline has \(pages) page\(pages == 1 ? "" : "s"); there is no page \(page)")
        }
        let layout = TimelineLayout(history: history, verdict: verdict, page: page)
        return TimelinePage.render(layout)
    }
}

extension HTTPResponse {
    /// An HTML page, with the policy that keeps script out of it whatever a history holds.
    static func html(_ page: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/html; charset=utf-8")
        headers.add(name: "Content-Security-Policy", value: PageDocument.contentSecurityPolicy)
        headers.add(name: "X-Content-Type-Options", value: "nosniff")
        headers.add(name: "Referrer-Policy", value: "no-referrer")
        return HTTPResponse(status: .ok, headers: headers, body: Array(page.utf8))
    }
}
