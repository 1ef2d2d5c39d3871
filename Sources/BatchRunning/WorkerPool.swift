#if canImport(Glibc)
import Glibc
#endif

/// A mutex and condition variable at fixed addresses (pthread objects must not move).
final class Monitor: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }
    deinit {
        pthread_cond_destroy(condition); pthread_mutex_destroy(mutex)
        condition.deallocate(); mutex.deallocate()
    }

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
    /// Only while locked.
    func wait() { pthread_cond_wait(condition, mutex) }
    func broadcast() { pthread_cond_broadcast(condition) }
}

/// Runs jobs on `workers` threads with memory bounded by a byte budget: each job has a cost (its
/// capture's size), jobs start largest first, and a job starts only while the costs in flight plus
/// its own stay within the budget, or when nothing else runs. A capture as large as the budget
/// therefore runs alone, and `--jobs N` never multiplies a big capture's memory by N.
final class WorkerPool<Job: Sendable>: @unchecked Sendable {
    private let monitor = Monitor()
    private var pending: [(job: Job, cost: Int)]
    private var inFlight = 0
    private var running = 0
    private let budget: Int
    /// The most jobs that ran at once, and the most cost in flight (for tests).
    private(set) var peakRunning = 0
    private(set) var peakCost = 0

    init(jobs: [(Job, cost: Int)], budget: Int) {
        self.budget = max(budget, 1)
        // Largest first (a stable sort keeps the plan's order among equals).
        pending = jobs.enumerated().sorted { a, b in
            a.element.cost != b.element.cost ? a.element.cost > b.element.cost : a.offset < b.offset
        }.map { (job: $0.element.0, cost: min($0.element.cost, budget)) }
    }

    /// Runs `work` for every job on `workers` threads and returns when all are done.
    func run(workers: Int, _ work: @escaping @Sendable (Job) -> Void) {
        let count = max(1, min(workers, pending.count))
        var threads: [pthread_t] = []
        for _ in 0 ..< count {
            let context = ThreadBody { [self] in
                while let (job, cost) = self.next() {
                    work(job)
                    self.finished(cost)
                }
            }
            var thread = pthread_t()
            let status = pthread_create(&thread, nil, { raw in
                guard let raw else { return nil }
                Unmanaged<ThreadBody>.fromOpaque(raw).takeRetainedValue().body()
                return nil
            }, Unmanaged.passRetained(context).toOpaque())
            if status == 0 { threads.append(thread) } else { Unmanaged.passUnretained(context).release(); context.body() }
        }
        for thread in threads { pthread_join(thread, nil) }
    }

    private func next() -> (Job, Int)? {
        monitor.locked {
            while true {
                if pending.isEmpty { return nil }
                if let i = pending.firstIndex(where: { running == 0 || inFlight + $0.cost <= budget }) {
                    let item = pending.remove(at: i)
                    running += 1
                    inFlight += item.cost
                    peakRunning = max(peakRunning, running)
                    peakCost = max(peakCost, inFlight)
                    return (item.job, item.cost)
                }
                monitor.wait()
            }
        }
    }

    private func finished(_ cost: Int) {
        monitor.locked {
            running -= 1
            inFlight -= cost
            monitor.broadcast()
        }
    }
}

/// A thread's work, handed to `pthread_create` as its opaque argument.
private final class ThreadBody: @unchecked Sendable {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}
