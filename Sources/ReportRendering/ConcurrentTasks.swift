#if canImport(Glibc)
import Glibc
#endif

/// Runs a few independent pieces of work at once: the first on the calling thread, each other on a
/// thread of its own, and returns when all are done. Rendering uses it to write the JSON, HTML and
/// Markdown reports of one capture side by side (the model they read is immutable).
enum ConcurrentTasks {
    static func run(_ tasks: [@Sendable () -> Void]) {
        guard let first = tasks.first else { return }
        var threads: [pthread_t] = []
        for task in tasks.dropFirst() {
            let box = Unmanaged.passRetained(TaskBox(task)).toOpaque()
            var thread = pthread_t()
            let status = pthread_create(&thread, nil, { raw in
                guard let raw else { return nil }
                Unmanaged<TaskBox>.fromOpaque(raw).takeRetainedValue().task()
                return nil
            }, box)
            if status == 0 { threads.append(thread) } else {
                Unmanaged<TaskBox>.fromOpaque(box).release()
                task()                       // no thread: run it here
            }
        }
        first()
        for thread in threads { pthread_join(thread, nil) }
    }

    private final class TaskBox: @unchecked Sendable {
        let task: @Sendable () -> Void
        init(_ task: @escaping @Sendable () -> Void) { self.task = task }
    }
}

/// A result slot one task writes and the caller reads after `ConcurrentTasks.run` returns (the join
/// orders the write before the read).
final class TaskResult<Value>: @unchecked Sendable {
    var value: Value?
    init() {}
}
