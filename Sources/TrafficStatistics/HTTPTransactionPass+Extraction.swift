import Support

/// The files one body is streaming into: the bytes as sent (chunked coding removed) and, for a
/// gzip/deflate body, the decoded object. Opened at the body's first byte.
struct BodyFiles {
    var started = false
    var sent: AtomicFileStream?
    var decoded: AtomicFileStream?
}

extension HTTPTransactionPass {
    /// Feeds `bytes` of the body being read in `d` to its digests and, with `--extract-files`, to its
    /// files (opened at the first byte, so bodiless messages open none).
    mutating func addBody(_ d: inout Direction, _ bytes: UnsafeRawBufferPointer) {
        guard extractor != nil, bytes.count > 0, var body = d.body else { d.body?.add(bytes, digests); return }
        d.body = nil
        if !body.extraction.started {
            body.extraction.started = true
            body.extraction.sent = extractor?.start()
            if body.decoded != nil { body.extraction.decoded = extractor?.start() }
        }
        extractor?.append(&body.extraction.sent, bytes)
        var decoded = body.extraction.decoded
        body.extraction.decoded = nil
        if decoded == nil {
            body.add(bytes, digests)
        } else {
            body.add(bytes, digests) { extractor?.append(&decoded, $0) }
        }
        body.extraction.decoded = decoded
        d.body = body
    }

    /// Publishes the object of a finished body (the decoded bytes when they decoded to their end, as
    /// the files table hashes them) and removes the other file.
    /// - Returns: the object's path relative to DIR, nil when nothing was written.
    mutating func finishExtraction(_ reader: BodyReader, complete: Bool, frame: Int) -> String? {
        guard extractor != nil, reader.extraction.started else { return nil }
        let useDecoded = reader.decoded != nil && (reader.inflater.map { $0.finished && !$0.failed } ?? false)
        // Past the row cap a body is written as `<frame>-object`, as before the candidates were followed.
        var name = reader.transaction.map { $0 < transactionsKept ? self[row: $0].fileName : "" } ?? ""
        if reader.isRequest { name = "request-" + (name.isEmpty ? "body" : name) }
        let kept = reader.sent.size > 0
        let decoded = extractor?.finish(reader.extraction.decoded, keep: kept && useDecoded, complete: complete, frame: frame, name: name)
        let sent = extractor?.finish(reader.extraction.sent, keep: kept && !useDecoded, complete: complete, frame: frame, name: name)
        return decoded ?? sent
    }
}
