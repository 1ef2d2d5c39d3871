/// Growth of the per-flow arrays (conversation rows, per-stream analysis state).
///
/// An array that doubles allocates the new buffer while the old one is still live and copies every
/// element: on a flow-heavy capture the largest tables doubled near the end of the pass, together,
/// and that transient was the peak (1M packets, 118k flows: 221 MB of heap at the doubling against
/// 176 MB just before it, massif). Past `flowGrowthThreshold` elements these arrays reserve their
/// bound at once (the conversation cap, or the per-stream state it allows): one copy of a few
/// thousand elements, then none. The reserved tail is untouched address space, not resident
/// memory, so the peak RSS follows the elements actually stored; small captures never reserve.
extension Array {
    /// Elements below which the array grows as usual (doubling): captures with fewer flows reserve nothing.
    static var flowGrowthThreshold: Int { 4096 }

    /// Appends `element`; when the buffer is full and holds at least `flowGrowthThreshold`
    /// elements, first reserves room for `limit` elements (the array's bound) instead of doubling.
    @inline(__always)
    mutating func appendGrowingToLimit(_ element: Element, limit: Int) {
        if count == capacity { reserveFlowCapacity(limit: limit, adding: 1) }
        append(element)
    }

    /// Reserves room for `limit` elements when adding `adding` elements would outgrow the buffer and
    /// it already holds `flowGrowthThreshold` elements (no effect below that, or past `limit`).
    @inline(never)
    mutating func reserveFlowCapacity(limit: Int, adding: Int) {
        guard count + adding > capacity, count >= Self.flowGrowthThreshold, count + adding <= limit else { return }
        reserveCapacity(limit)
    }
}
