// libFuzzer entry point for the streaming capture-file block scanner (fuzz-only source: Tools/fuzz.sh
// compiles it into one module with CaptureFileScanner.swift and CaptureMetadata.swift, so the
// scanner stays internal). Input: file bytes. The first byte also picks a chunk size, because the
// scanner must give the same answer however the stream is cut.

@_cdecl("LLVMFuzzerTestOneInput")
public func scannerFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = UnsafeRawBufferPointer(start: data, count: size)
    var whole = CaptureFileScanner()
    whole.consume(file)
    let chunkSize = size == 0 ? 1 : Int(data[0] % 17) + 1
    var pieces = CaptureFileScanner()
    var offset = 0
    while offset < size {
        let end = min(size, offset + chunkSize)
        pieces.consume(UnsafeRawBufferPointer(rebasing: file[offset ..< end]))
        offset = end
    }
    if whole.metadata != pieces.metadata { fatalError("scanner result depends on how the stream is chunked") }
    return 0
}
