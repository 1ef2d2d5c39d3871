// libFuzzer entry point for `PacketDecoder.decode` (fuzz-only source: built by Tools/fuzz.sh, never by
// the package). Input: one byte choosing the link type, then the raw link-layer frame.
// A Swift runtime trap (overflow, out-of-range index) is a crash libFuzzer reports and minimises.

/// The link types the decoder knows, plus one it does not (the "unknown" path).
private let linkTypes: [LinkType] = [
    .ethernet, .null, .loop, .raw, .rawDLT12, .rawDLT14, .linuxSLL, .linuxSLL2, .ipv4, .ipv6, LinkType(rawValue: 147),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func decoderFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let linkType = linkTypes[Int(data[0] & 0x7F) % linkTypes.count]
    let frame = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    // Wire length both honest and lying (shorter and longer than the captured bytes).
    for wire in [frame.count, frame.count / 2, frame.count + 1500] {
        let packet = PacketDecoder.decode(frame, linkType: linkType, frameNumber: 1, timestamp: 0, wireLength: wire,
                                          hasComment: data[0] & 0x80 != 0)
        if packet.capturedLength != frame.count { fatalError("captured length changed") }
    }
    return 0
}
