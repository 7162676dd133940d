import Histories

/// Draws one register's timeline as inline SVG: lanes, bars, linearization points.
///
/// Colours come from the stylesheet through classes, except the hatching of `fail` bars, a pattern
/// whose id is unique per section so that several timelines share a page.
enum TimelineSVG {
    /// Width of the lane names' column.
    static let laneLabelWidth = 120
    /// Pixels between consecutive ranks.
    static let step = 44
    static let rowHeight = 30
    static let barTop = 6
    static let barHeight = 18
    /// A bar whose invocation and completion share a rank still shows.
    static let minimumBarWidth = 8
    /// Lane names longer than this are cut (the full name is in the tooltip and the table).
    static let laneLabelLimit = 14
    /// The hatching of `fail` bars: the label's contrast is checked against both colours.
    static let hatchBackground = "#f6f8fa"
    static let hatchStripe = "#d0d7de"

    static func x(_ rank: Int) -> Int { laneLabelWidth + 12 + rank * step }

    static func render(_ section: TimelineLayout.RegisterSection) -> HTML {
        let rows = section.lanes.last.map { $0.firstRow + $0.rows } ?? 0
        let width = x(section.columns) + step
        let height = rows * rowHeight
        let hatch = "hatch-\(section.anchor)"
        var svg: HTML = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" role="group" aria-label="timeline of register \(section.register)">
            <defs><pattern id="\(hatch)" width="6" height="6" patternUnits="userSpaceOnUse" \
            patternTransform="rotate(45)"><rect width="6" height="6" fill="\(hatchBackground)"/>\
            <line x1="0" y1="0" x2="0" y2="6" stroke="\(hatchStripe)" stroke-width="3"/></pattern></defs>

            """
        for (index, lane) in section.lanes.enumerated() {
            let name = lane.process.description
            let cut = name.count <= laneLabelLimit ? name : String(name.prefix(laneLabelLimit - 1)) + "…"
            let y = lane.firstRow * rowHeight
            svg += """
                <g class="lane \(index % 2 == 0 ? "even" : "odd")"><rect x="0" y="\(y)" width="\(width)" \
                height="\(lane.rows * rowHeight)"/><text x="6" y="\(y + barTop + 13)">\(cut)<title>process \
                \(name)</title></text></g>

                """
        }
        for bar in section.bars {
            svg += self.bar(bar, hatch: hatch)
        }
        for mark in section.marks {
            // A tick across the bar, and a dot below it that is easy to spot and to hover.
            let top = mark.row * rowHeight + barTop
            svg += """
                <g class="mark"><title>linearization point \(mark.order): op \(mark.operation)</title>\
                <line x1="\(x(mark.x))" y1="\(top - 2)" x2="\(x(mark.x))" y2="\(top + barHeight)"/>\
                <circle cx="\(x(mark.x))" cy="\(top + barHeight + 1)" r="3.5"/></g>

                """
        }
        svg += "</svg>\n"
        return svg
    }

    static func bar(_ bar: TimelineLayout.Bar, hatch: String) -> HTML {
        let left = x(bar.x0)
        let width = max(minimumBarWidth, x(bar.x1) - left)
        let y = bar.row * rowHeight + barTop
        var classes = "bar \(bar.kind.rawValue) \(bar.status.rawValue)"
        if !bar.violations.isEmpty { classes += " violating" }
        let fill: HTML = bar.status == .fail ? " fill=\"url(#\(hatch))\"" : ""
        var title = bar.title
        if !bar.violations.isEmpty {
            title += " · in violation " + bar.violations.map(String.init).joined(separator: ", ")
        }
        return """
            <a href="#op-\(bar.operation)"><g class="\(classes)"><title>\(title)</title>\
            <rect x="\(left)" y="\(y)" width="\(width)" height="\(barHeight)" rx="3"\(fill)/>\
            <text x="\(left + 4)" y="\(y + 13)">\(bar.label)</text></g></a>

            """
    }
}
