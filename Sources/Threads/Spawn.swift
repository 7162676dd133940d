import CThreadName
#if canImport(Glibc)
import Glibc
#endif

/// A thread that could not be started: the error number `pthread_create` returned.
public struct ThreadError: Error, Sendable, Hashable, CustomStringConvertible {
    public let errno: Int32

    public var description: String {
        "pthread_create failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// Starts a detached thread named `name` running `body`; its resources go when `body` returns.
public func spawnThread(name: String, _ body: @escaping @Sendable () -> Void) throws(ThreadError) {
    _ = try createThread(name: name, detached: true, body)
}

/// Starts a thread named `name` running `body`; the caller must `pthread_join` it once.
public func spawnJoinableThread(name: String, _ body: @escaping @Sendable () -> Void) throws(ThreadError) -> pthread_t {
    try createThread(name: name, detached: false, body)
}

/// The body travels to the new thread as a retained pointer: pthread_create takes a C function and
/// one `void *`, so a Swift closure cannot be passed directly.
private final class ThreadStart {
    let name: String
    let body: @Sendable () -> Void
    init(name: String, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.body = body
    }
}

private func createThread(name: String, detached: Bool, _ body: @escaping @Sendable () -> Void) throws(ThreadError) -> pthread_t {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    if detached { pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED)) }
    let start = Unmanaged.passRetained(ThreadStart(name: name, body: body)).toOpaque()
    var thread = pthread_t()
    let status = pthread_create(&thread, &attributes, { raw in
        guard let raw else { return nil }
        let start = Unmanaged<ThreadStart>.fromOpaque(raw).takeRetainedValue()
        // Named from inside, so the name is set before any of the body runs.
        _ = cthread_set_name(kernelThreadName(start.name))
        start.body()
        return nil
    }, start)
    guard status == 0 else {
        Unmanaged<ThreadStart>.fromOpaque(start).release()
        throw ThreadError(errno: status)
    }
    return thread
}

/// `name` cut to the 15 bytes the kernel keeps, at a character boundary (the kernel would cut
/// inside one).
func kernelThreadName(_ name: String) -> String {
    var cut = ""
    for character in name {
        guard cut.utf8.count + character.utf8.count <= 15 else { break }
        cut.append(character)
    }
    return cut
}
