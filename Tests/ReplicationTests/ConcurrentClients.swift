import Dispatch
import Histories
import Replication
import Synchronization

/// Four clients, fifteen steps each, over registers 0 and 1 of `array`: every third step a write of
/// `value(client, step)`, the others reads. Returns the history they record, numbered in the order
/// operations completed, for the checker to judge.
///
/// A write that fails is recorded as `info` (it may still take effect); a read that fails is left out.
func runConcurrentClients(
    on array: any RegisterArrayReplication, writing value: @escaping @Sendable (_ client: Int, _ step: Int) -> Value
) async -> [Histories.Operation] {
    let recorder = Recorder()
    let now: @Sendable () -> Int64 = { Int64(DispatchTime.now().uptimeNanoseconds) }
    await withTaskGroup(of: Void.self) { group in
        for client in 0..<4 {
            group.addTask {
                for step in 0..<15 {
                    let register = (client + step) % 2
                    var operation = Histories.Operation(
                        id: 0, process: .int(client), register: .int(register), kind: .read, value: .null,
                        invoke: now(), complete: nil, status: .ok)
                    if step % 3 == 0 {
                        operation.kind = .write
                        operation.value = value(client, step)
                        let result = await write(array, operation.value, register)
                        if case .success = result { operation.complete = now() } else { operation.status = .info }
                    } else {
                        guard case let .success(read) = await read(array, register) else { continue }
                        operation.value = read
                        operation.complete = now()
                    }
                    recorder.operations.withLock { $0.append(operation) }
                }
            }
        }
    }
    return recorder.operations.withLock { $0 }.enumerated().map { index, operation in
        var numbered = operation
        numbered.id = index
        return numbered
    }
}

private func read(_ array: any RegisterArrayReplication, _ index: Int) async -> Result<Value, ReplicationError> {
    await withCheckedContinuation { continuation in array.read(index: index) { continuation.resume(returning: $0) } }
}

private func write(_ array: any RegisterArrayReplication, _ value: Value, _ index: Int) async -> Result<Void, ReplicationError> {
    await withCheckedContinuation { continuation in
        array.write(index: index, value: value) { continuation.resume(returning: $0) }
    }
}

/// Operations recorded by concurrent clients.
private final class Recorder: Sendable {
    let operations = Mutex<[Histories.Operation]>([])
}
