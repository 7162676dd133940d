import HTTP
import Histories
import JSON

/// A history submission as it arrives: the bytes, and how to read them, from the query (an API
/// client) or from the fields of the upload form (a browser).
struct HistoryUpload {
    var bytes: [UInt8]
    var format: HistoryFormat?
    var options: HistoryDecodingOptions
    var name: String?
    /// Posted by the HTML form (answer with a redirect to a page, not JSON).
    var fromForm: Bool

    static let example = "curl -X POST localhost:8080/histories --data-binary @history.edn"

    init(_ request: HTTPRequest) throws(AppError) {
        var fields: [String: String] = [:]
        for item in request.query { fields[item.name] = item.value }
        bytes = request.body
        fromForm = false
        if let contentType = request.headers["Content-Type"], let boundary = MultipartFormData.boundary(contentType: contentType) {
            guard let form = MultipartFormData(body: request.body, boundary: boundary), let file = form.part(named: "file") else {
                throw .badRequest("a multipart upload needs a part named \"file\" holding the history", pointer: "file", example: Self.example)
            }
            bytes = file.body
            fromForm = true
            for part in form.parts where part.name != "file" && !part.body.isEmpty {
                fields[part.name] = String(decoding: part.body, as: UTF8.self)
            }
            if fields["name"] == nil, let filename = file.filename, !filename.isEmpty { fields["name"] = filename }
        }
        guard !bytes.isEmpty else {
            throw .badRequest("the request needs a history in its body", example: Self.example)
        }
        format = try Self.format(fields["format"], contentType: fromForm ? nil : request.headers["Content-Type"])
        var options = HistoryDecodingOptions()
        if let model = fields["model"], !model.isEmpty {
            guard let parsed = History.Model(rawValue: model) else {
                throw .badRequest("\"model\" must be register or cas-register, got '\(model)'", pointer: "model")
            }
            options.model = parsed
        }
        if let initial = fields["initial"], !initial.isEmpty {
            guard let json = try? JSON.parse(initial), let value = Value(json: json) else {
                throw .badRequest("\"initial\" must be a JSON scalar such as 0, null or \"a\", got '\(initial)'", pointer: "initial")
            }
            options.initial = value
        }
        self.options = options
        name = fields["name"].flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
    }

    /// `?format=` wins; else a content type that names one; else detection from the content (nil).
    private static func format(_ named: String?, contentType: String?) throws(AppError) -> HistoryFormat? {
        if let named, !named.isEmpty, named != "auto" {
            guard let format = HistoryFormat(rawValue: named) else {
                throw .badRequest(
                    "unknown format '\(named)'; expected one of " + HistoryFormat.allCases.map(\.rawValue).joined(separator: ", "),
                    pointer: "format", example: Self.example)
            }
            return format
        }
        let type = contentType?.split(separator: ";").first.map { $0.trimmingBlanks().lowercased() } ?? ""
        switch type {
        case "application/edn": return .edn
        default: return nil
        }
    }
}
