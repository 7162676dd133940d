import Histories
import JSON

/// The bodies the API accepts, decoded with errors that say what was expected, where, and show a
/// request that works.
enum RequestBodies {
    static let createExample =
        #"curl -X POST localhost:8080/arrays -d '{"name":"demo","size":4,"semantics":"atomic","replicas":1}'"#
    static let writeExample =
        #"curl -X PUT 'localhost:8080/arrays/demo/registers/2?process=alice' -d '{"value":"hello"}'"#

    /// The largest value a register takes, as JSON text.
    static let maxValueBytes = 64 * 1024
    /// Registers per array: enough for any experiment, small enough that nine replicas of the
    /// largest array stay within a few tens of megabytes.
    static let maxArraySize = 1 << 16

    /// `POST /arrays`.
    struct CreateArray: Sendable {
        var name: String
        var size: Int
        var semantics: Semantics
        var replicas: Int
        var placement: Placement = .local
    }

    static func createArray(_ body: [UInt8]) throws(AppError) -> CreateArray {
        let members = try object(body, example: createExample)
        try rejectUnknown(members, allowed: ["name", "size", "semantics", "replicas", "placement"], example: createExample)
        guard let nameJSON = members.first(where: { $0.key == "name" })?.value else {
            throw .badRequest("missing \"name\": the array's name, a string", pointer: "/name", example: createExample)
        }
        guard let name = nameJSON.stringValue, ArrayName.isValid(name) else {
            throw .badRequest(
                "\"name\" must be a string of 1 to \(ArrayName.maxLength) letters, digits, '.', '_' or '-', got \(nameJSON.serialized())",
                pointer: "/name", example: createExample)
        }
        guard let sizeJSON = members.first(where: { $0.key == "size" })?.value else {
            throw .badRequest("missing \"size\": the number of registers, an integer from 1 to \(maxArraySize)",
                              pointer: "/size", example: createExample)
        }
        guard let size64 = sizeJSON.numberValue?.int64Value, (1...Int64(maxArraySize)).contains(size64) else {
            throw .badRequest("\"size\" must be an integer from 1 to \(maxArraySize), got \(sizeJSON.serialized())",
                              pointer: "/size", example: createExample)
        }
        var semantics = Semantics.atomic
        if let semanticsJSON = members.first(where: { $0.key == "semantics" })?.value {
            guard let text = semanticsJSON.stringValue, let parsed = Semantics(rawValue: text) else {
                throw .badRequest("\"semantics\" must be \"safe\", \"regular\" or \"atomic\", got \(semanticsJSON.serialized())",
                                  pointer: "/semantics", example: createExample)
            }
            semantics = parsed
        }
        var replicas = 3
        if let replicasJSON = members.first(where: { $0.key == "replicas" })?.value {
            guard let count = replicasJSON.numberValue?.int64Value, (1...9).contains(count) else {
                throw .badRequest("\"replicas\" must be an integer from 1 to 9, got \(replicasJSON.serialized())",
                                  pointer: "/replicas", example: createExample)
            }
            replicas = Int(count)
        }
        var placement = Placement.local
        if let placementJSON = members.first(where: { $0.key == "placement" })?.value {
            guard let text = placementJSON.stringValue, let parsed = Placement(rawValue: text) else {
                throw .badRequest("\"placement\" must be \"local\" (replicas in the server) or \"nodes\" (replica processes), got \(placementJSON.serialized())",
                                  pointer: "/placement", example: createExample)
            }
            placement = parsed
        }
        return CreateArray(name: name, size: Int(size64), semantics: semantics, replicas: replicas, placement: placement)
    }

    static let networkExample =
        #"curl -X PUT localhost:8080/arrays/demo/network -d '{"latencyMillis":[1,20],"loss":0.1,"partitions":[[0,1],[2]]}'"#

    /// `PUT /arrays/{name}/network`: link latency, loss and partitions of a replicated array. Absent
    /// members take their fault-free defaults (no latency, no loss, no partition).
    struct Network: Sendable {
        var latencyMillis: ClosedRange<Int> = 0...0
        var loss: Double = 0
        var partitions: [[Int]] = []
    }

    static func network(_ body: [UInt8], replicas: Int) throws(AppError) -> Network {
        let members = try object(body, example: networkExample)
        try rejectUnknown(members, allowed: ["latencyMillis", "loss", "partitions"], example: networkExample)
        var network = Network()
        if let latency = members.first(where: { $0.key == "latencyMillis" })?.value {
            guard let pair = latency.arrayValue, pair.count == 2,
                  let low = pair[0].numberValue?.int64Value, let high = pair[1].numberValue?.int64Value,
                  0 <= low, low <= high, high <= 60_000
            else {
                throw .badRequest("\"latencyMillis\" must be [min, max] in milliseconds, 0 ≤ min ≤ max ≤ 60000, got \(latency.serialized())",
                                  pointer: "/latencyMillis", example: networkExample)
            }
            network.latencyMillis = Int(low)...Int(high)
        }
        if let loss = members.first(where: { $0.key == "loss" })?.value {
            guard let number = loss.numberValue, (0...1).contains(number.doubleValue) else {
                throw .badRequest("\"loss\" must be a probability from 0 to 1, got \(loss.serialized())",
                                  pointer: "/loss", example: networkExample)
            }
            network.loss = number.doubleValue
        }
        if let partitions = members.first(where: { $0.key == "partitions" })?.value {
            let groups = partitions.arrayValue?.map { group in group.arrayValue?.map { $0.numberValue?.int64Value } }
            let flat = groups?.flatMap { $0 ?? [nil] } ?? [nil]
            let indexes = flat.compactMap { $0 }
            guard indexes.count == flat.count, indexes.allSatisfy({ (0..<Int64(replicas)).contains($0) }),
                  Set(indexes).count == indexes.count
            else {
                throw .badRequest(
                    "\"partitions\" must be groups of replica indexes from 0 to \(replicas - 1), each in one group at most; the client sits with the first group, got \(partitions.serialized())",
                    pointer: "/partitions", example: networkExample)
            }
            network.partitions = (groups ?? []).map { ($0 ?? []).compactMap { $0.map(Int.init) } }
        }
        return network
    }

    /// `PUT /arrays/{name}/registers/{i}`: the value to write.
    static func writeValue(_ body: [UInt8]) throws(AppError) -> Value {
        let members = try object(body, example: writeExample)
        try rejectUnknown(members, allowed: ["value"], example: writeExample)
        guard let json = members.first(where: { $0.key == "value" })?.value else {
            throw .badRequest("missing \"value\": the value to write, any JSON scalar (string, number, boolean or null)",
                              pointer: "/value", example: writeExample)
        }
        guard let value = Value(json: json) else {
            throw .badRequest("\"value\" must be a JSON scalar (string, number, boolean or null), got \(json.typeName)",
                              pointer: "/value", example: writeExample)
        }
        // Writing JSON at most sextuples a byte ("<" becomes \u003c): a body of up to a sixth of the
        // limit cannot hold a value over it, and a PUT's value need not be written out to be measured.
        if body.count > maxValueBytes / 6 {
            let size = json.serializedBytes().count
            guard size <= maxValueBytes else {
                throw .badRequest("\"value\" is \(size) bytes of JSON; a register holds at most \(maxValueBytes)",
                                  pointer: "/value", example: writeExample)
            }
        }
        return value
    }

    private static func object(_ body: [UInt8], example: String) throws(AppError) -> [(key: String, value: JSON)] {
        guard !body.isEmpty else {
            throw .badRequest("the request needs a JSON object body", example: example)
        }
        let json: JSON
        do {
            json = try JSON.parse(body)
        } catch {
            throw .badRequest("the body is not valid JSON: \(error)", example: example)
        }
        guard let members = json.objectValue else {
            throw .badRequest("the body must be a JSON object, got \(json.typeName)", pointer: "", example: example)
        }
        return members
    }

    private static func rejectUnknown(
        _ members: [(key: String, value: JSON)], allowed: [String], example: String
    ) throws(AppError) {
        if let unknown = members.first(where: { !allowed.contains($0.key) }) {
            throw .badRequest(
                "unknown field \"\(unknown.key)\"; expected \(allowed.sorted().map { "\"\($0)\"" }.joined(separator: ", "))",
                pointer: "/" + unknown.key, example: example)
        }
    }
}

/// The consistency an array's protocol promises (SPEC §5).
enum Semantics: String, Sendable, CaseIterable {
    case safe, regular, atomic
}

/// Where an array's replicas run: in the server's process, or one per replica node.
enum Placement: String, Sendable, CaseIterable {
    case local, nodes
}

/// Array names appear in URLs and pages: keep them to characters that need no escaping there.
enum ArrayName {
    static let maxLength = 64

    static func isValid(_ name: String) -> Bool {
        let bytes = name.utf8
        // "." and ".." would be read as path segments, not as a name.
        guard (1...maxLength).contains(bytes.count), name != ".", name != ".." else { return false }
        return bytes.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
        }
    }
}
