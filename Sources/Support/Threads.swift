#if canImport(Glibc)
import Glibc
#endif

/// The one place that starts threads (`pthread_create`). Every stage that works in parallel (the
/// digest thread, the renderers of one capture, the batch's workers, the progress ticker) asks here.
public enum Threads {
    /// Starts `body` on a new thread.
    /// - Returns: a handle to join, or nil when no thread could be made (the caller then runs `body`
    ///   itself, so work is never lost).
    /// The corresponding C function is `pthread_create`.
    public static func spawn(_ body: @escaping @Sendable () -> Void) -> ThreadHandle? {
        let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                Unmanaged<ThreadBody>.fromOpaque(raw).takeRetainedValue().body()
                return nil
            }, context)
        guard status == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            return nil
        }
        return ThreadHandle(thread: thread)
    }

    /// Runs `body` on a new thread, or on this one when none can be made (then the handle is nil).
    public static func spawnOrRun(_ body: @escaping @Sendable () -> Void) -> ThreadHandle? {
        if let handle = spawn(body) { return handle }
        body()
        return nil
    }
}

/// A started thread, joined once.
public struct ThreadHandle: Sendable {
    let thread: pthread_t
    /// Waits for the thread to finish. The corresponding C function is `pthread_join`.
    public func join() { pthread_join(thread, nil) }
}

/// A thread's work, handed to `pthread_create` as its opaque argument.
private final class ThreadBody: @unchecked Sendable {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
}
