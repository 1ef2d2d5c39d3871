/// The first `limit` elements of `items` as a stable sort by `before` would order them, in one pass
/// that keeps a sorted buffer of at most `limit` candidates.
///
/// The Markdown and HTML reports show the top rows of tables that hold up to 100,000 conversations;
/// sorting every row to show fifteen cost more than writing the JSON report of all of them.
func topElements<S: Sequence>(_ items: S, limit: Int, by before: (S.Element, S.Element) -> Bool) -> [S.Element] {
    guard limit > 0 else { return [] }
    var top: [S.Element] = []
    top.reserveCapacity(limit + 1)
    for x in items {
        if top.count == limit, !before(x, top[limit - 1]) { continue }
        // A later element goes after every kept element it does not precede (stability).
        var i = top.count
        while i > 0 && before(x, top[i - 1]) { i -= 1 }
        top.insert(x, at: i)
        if top.count > limit { top.removeLast() }
    }
    return top
}
