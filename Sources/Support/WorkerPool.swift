/// Runs jobs on `workers` threads with memory bounded by a byte budget: each job has a cost (its
/// capture's size), jobs start largest first, and a job starts only while the costs in flight plus
/// its own stay within the budget, or when nothing else runs. A capture as large as the budget
/// therefore runs alone, and `--jobs N` never multiplies a big capture's memory by N.
public final class WorkerPool<Job: Sendable>: @unchecked Sendable {
    private let monitor = Monitor()
    private var pending: [(job: Job, cost: Int)]
    private var inFlight = 0
    private var running = 0
    private var stopped = false
    private var workersLeft = 0
    private let budget: Int
    /// The most jobs that ran at once, and the most cost in flight (for tests).
    public private(set) var peakRunning = 0
    public private(set) var peakCost = 0

    public init(jobs: [(Job, cost: Int)], budget: Int) {
        self.budget = max(budget, 1)
        // Largest first (a stable sort keeps the plan's order among equals).
        pending = jobs.enumerated().sorted { a, b in
            a.element.cost != b.element.cost ? a.element.cost > b.element.cost : a.offset < b.offset
        }.map { (job: $0.element.0, cost: min($0.element.cost, budget)) }
    }

    /// Runs `work` for every job on `workers` threads and returns when all are done, or at once
    /// when `stop` is called (jobs already running then go on on their threads; their results are
    /// the caller's to ignore).
    /// - Returns: false when stopped.
    @discardableResult
    public func run(workers: Int, _ work: @escaping @Sendable (Job) -> Void) -> Bool {
        let count = max(1, min(workers, pending.count))
        var threads: [ThreadHandle] = []
        for _ in 0 ..< count {
            let body: @Sendable () -> Void = { [self] in
                while let (job, cost) = self.next() {
                    work(job)
                    self.finished(cost)
                }
                monitor.locked {
                    workersLeft -= 1; monitor.broadcast()
                }
            }
            monitor.locked { workersLeft += 1 }
            if let thread = Threads.spawnOrRun(body) { threads.append(thread) }
        }
        let completed = monitor.locked { () -> Bool in
            while workersLeft > 0 && !stopped { monitor.wait() }
            return workersLeft == 0
        }
        guard completed else { return false }
        for thread in threads { thread.join() }
        return !monitor.locked { stopped }
    }

    /// Starts no further job and lets `run` return (from any thread, e.g. a signal watch).
    public func stop() {
        monitor.locked {
            stopped = true
            pending = []
            monitor.broadcast()
        }
    }

    private func next() -> (Job, Int)? {
        monitor.locked {
            while true {
                if pending.isEmpty || stopped { return nil }
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
