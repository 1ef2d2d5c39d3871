extension UnsafeRawBufferPointer {
    /// A big-endian integer at `offset`. The caller has checked `offset + size <= count` (views check once).
    @inlinable @inline(__always)
    public func loadBigEndian<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        T(bigEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }
    @inlinable @inline(__always)
    public func byte(_ offset: Int) -> UInt8 { load(fromByteOffset: offset, as: UInt8.self) }
    /// The bytes from `offset` to the end (empty when `offset >= count`).
    @inlinable @inline(__always)
    public func bytes(from offset: Int) -> UnsafeRawBufferPointer {
        offset >= count ? UnsafeRawBufferPointer(start: nil, count: 0) : UnsafeRawBufferPointer(rebasing: self[offset...])
    }
    /// The first `length` bytes (all of them when fewer).
    @inlinable @inline(__always)
    public func bytes(upTo length: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self[..<Swift.min(Swift.max(length, 0), count)])
    }
}
