import Checker
import FoundationEssentials
import Histories
import Pages

/// `registrar timeline FILE -o page.html`: the timeline page of a history file, self-contained
/// (stylesheet inlined), readable offline. A history longer than one page is written as
/// `page.html`, `page-2.html`, … linked to each other.
public struct TimelineFile: Sendable {
    public var input: String
    public var output: String
    public var format: HistoryFormat?
    public var model: History.Model?
    public var initial: Value?
    public var publicDirectory: String?
    public var timeout: Double

    public init(input: String, output: String, format: HistoryFormat?, model: History.Model?, initial: Value?,
                publicDirectory: String?, timeout: Double) {
        self.input = input
        self.output = output
        self.format = format
        self.model = model
        self.initial = initial
        self.publicDirectory = publicDirectory
        self.timeout = timeout
    }

    /// Writes the pages; returns the paths written. Throws a message for the user.
    public func run() throws -> [String] {
        guard let data = FileManager.default.contents(atPath: input) else {
            throw TimelineFileError("\(input): cannot read the file")
        }
        var history: History
        do {
            history = try History.decode(data, format: format, options: HistoryDecodingOptions(model: model, initial: initial))
        } catch {
            throw TimelineFileError("\(input): \(error)")
        }
        if history.name == nil { history.name = URL(fileURLWithPath: input).lastPathComponent }
        let folder = try ResourceLocator.locate("Public", explicit: publicDirectory, flag: "--public")
        guard let css = StaticFiles(root: folder).text(of: "timeline.css") else {
            throw TimelineFileError("\(folder)/timeline.css is missing")
        }
        let verdict = VerdictMapping.timeline(HistoryService.check(history, seconds: timeout))
        let pages = max(1, TimelineLayout.pageCount(operations: history.operations.count))
        let base = URL(fileURLWithPath: output)
        let stem = base.deletingPathExtension().lastPathComponent
        let ext = base.pathExtension.isEmpty ? "html" : base.pathExtension
        func name(_ page: Int) -> String { page == 1 ? "\(stem).\(ext)" : "\(stem)-\(page).\(ext)" }
        var written: [String] = []
        for page in 1...pages {
            let layout = TimelineLayout(history: history, verdict: verdict, page: page)
            let html = TimelinePage.render(layout, stylesheet: .inline(css: css), homeURL: nil, pageURL: name)
            let path = base.deletingLastPathComponent().appendingPathComponent(name(page)).path
            guard FileManager.default.createFile(atPath: path, contents: Data(html.utf8)) else {
                throw TimelineFileError("cannot write \(path)")
            }
            written.append(path)
        }
        return written
    }
}

/// What went wrong, in words for the person at the terminal.
public struct TimelineFileError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
