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

/// A mutex and condition variable at fixed addresses (pthread objects must not move).
public final class Monitor: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }
    deinit {
        pthread_cond_destroy(condition); pthread_mutex_destroy(mutex)
        condition.deallocate(); mutex.deallocate()
    }

    /// Runs `body` holding the mutex.
    public func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
    /// Waits for a `broadcast`; only while locked.
    public func wait() { pthread_cond_wait(condition, mutex) }
    /// Wakes every waiter.
    public func broadcast() { pthread_cond_broadcast(condition) }
}
