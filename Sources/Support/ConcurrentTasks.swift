/// Runs a few independent pieces of work at once: the first on the calling thread, each other on a
/// thread of its own, and returns when all are done. The renderers use it to write the JSON, HTML and
/// Markdown reports of one capture side by side (the model they read is immutable).
public enum ConcurrentTasks {
    public static func run(_ tasks: [@Sendable () -> Void]) {
        guard let first = tasks.first else { return }
        let threads = tasks.dropFirst().compactMap { Threads.spawnOrRun($0) }
        first()
        for thread in threads { thread.join() }
    }
}

/// A result slot one task writes and the caller reads after `ConcurrentTasks.run` returns (the join
/// orders the write before the read).
public final class TaskResult<Value>: @unchecked Sendable {
    public var value: Value?
    public init() {}
}
