extension PipelineCheckpoint {
    /// The first bytes of an encoded checkpoint (format version 1).
    static let magic: [UInt8] = Array("PRCK1".utf8)

    /// The compact binary form: magic, sequence, a table of meter ids (each written once, then referred to by
    /// index), then per policy its release point, fleet clock and windows; varints throughout, each window's
    /// timestamps as sorted deltas, each ciphertext as its big-endian bytes.
    func encoded() -> [UInt8] {
        var meters: [String: UInt64] = [:]
        var table: [String] = []
        func index(_ meter: String) -> UInt64 {
            if let known = meters[meter] { return known }
            meters[meter] = UInt64(table.count)
            table.append(meter)
            return UInt64(table.count - 1)
        }
        var body = CheckpointWriter()
        body.unsigned(UInt64(policies.count))
        for policy in policies {
            body.string(policy.name)
            body.optional(policy.releasePoint.releasedThrough)
            body.optional(policy.releasePoint.admittedThrough)
            body.optional(policy.fleet.time)
            body.unsigned(UInt64(policy.fleet.sinceRecompute))
            body.unsigned(UInt64(policy.fleet.interval))
            body.unsigned(UInt64(policy.fleet.latest.count))
            for (meter, time) in policy.fleet.latest.sorted(by: { $0.key < $1.key }) {
                body.unsigned(index(meter))
                body.signed(time)
            }
            body.unsigned(UInt64(policy.windows.count))
            for window in policy.windows {
                body.string(window.scopeKey)
                body.signed(window.start)
                body.signed(window.end - window.start)
                body.unsigned(UInt64(window.readings))
                body.raw([(window.someAboveMin ? 1 : 0) | (window.someBelowMax ? 2 : 0) | (window.someValueUnknown ? 4 : 0)])
                body.unsigned(UInt64(window.seen.count))
                for (meter, offsets) in window.seen.sorted(by: { $0.key < $1.key }) {
                    body.unsigned(index(meter))
                    body.unsigned(UInt64(offsets.count))
                    var previous: Int64 = 0
                    for offset in offsets.sorted() {
                        body.signed(Int64(offset) - previous)
                        previous = Int64(offset)
                    }
                }
                body.data(window.ciphertext)
            }
        }
        var out = CheckpointWriter()
        out.raw(Self.magic)
        out.unsigned(sequence)
        out.unsigned(UInt64(table.count))
        for meter in table { out.string(meter) }
        out.raw(body.bytes)
        return out.bytes
    }

    /// Reads `encoded()`'s bytes; throws `CheckpointError.malformed` for anything else.
    init(decoding bytes: [UInt8]) throws {
        var reader = CheckpointReader(bytes)
        guard try reader.raw(Self.magic.count) == Self.magic else { throw CheckpointError.malformed("not a version 1 checkpoint") }
        sequence = try reader.unsigned()
        let table = try (0..<reader.count()).map { _ in try reader.string() }
        func meter() throws -> String {
            let index = try reader.count()
            guard index < table.count else { throw CheckpointError.malformed("a meter index is out of range") }
            return table[index]
        }
        policies = []
        for _ in 0..<(try reader.count()) {
            let name = try reader.string()
            let point = ReleasePoint(releasedThrough: try reader.optional(), admittedThrough: try reader.optional())
            var fleet = FleetClock.State(time: try reader.optional(), sinceRecompute: try reader.count(), interval: try reader.count())
            for _ in 0..<(try reader.count()) { fleet.latest[try meter()] = try reader.signed() }
            var windows: [WindowState] = []
            for _ in 0..<(try reader.count()) {
                let scopeKey = try reader.string()
                let start = try reader.signed()
                let end = try start + reader.signed()
                let readings = try reader.count()
                let flags = try reader.raw(1)[0]
                var seen: [String: Set<Int32>] = [:]
                for _ in 0..<(try reader.count()) {
                    let id = try meter()
                    var offsets = Set<Int32>()
                    var previous: Int64 = 0
                    for _ in 0..<(try reader.count()) {
                        previous += try reader.signed()
                        guard let offset = Int32(exactly: previous) else { throw CheckpointError.malformed("a timestamp offset is out of range") }
                        offsets.insert(offset)
                    }
                    seen[id] = offsets
                }
                windows.append(WindowState(
                    scopeKey: scopeKey, start: start, end: end, readings: readings, seen: seen,
                    someAboveMin: flags & 1 != 0, someBelowMax: flags & 2 != 0, someValueUnknown: flags & 4 != 0,
                    ciphertext: try reader.data()))
            }
            policies.append(PolicyState(name: name, releasePoint: point, fleet: fleet, windows: windows))
        }
        guard reader.isAtEnd else { throw CheckpointError.malformed("bytes follow its end") }
    }
}
