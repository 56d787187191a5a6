/// The timestamps one meter sent in one open window, as offsets from the window's start, for duplicate detection and
/// coverage. On the policy's reading grid an offset is one bit (a month of 15-minute readings is 2,976 bits, 376
/// bytes, where a `Set<Int32>` of them takes about 16 KB); an offset off the grid (no `readings.interval`) is kept
/// in a set beside it.
struct TimestampSet {
    /// The grid interval in seconds; nil when the policy declares none (every offset then goes to `others`).
    private let interval: Int64?
    /// Bit i stands for the offset i · interval.
    private var bits: [UInt64] = []
    /// Offsets not on the grid.
    private var others: Set<Int32> = []
    /// Offsets held.
    private(set) var count = 0

    /// An empty set on the grid of `interval` seconds (nil: no grid), with room for the bits of a window `span`
    /// seconds long, so the bitmap is allocated once.
    init(interval: Int64?, span: Int64 = 0) {
        self.interval = interval
        if let interval, span > 0 { bits.reserveCapacity(Int(span / interval) / 64 + 1) }
    }

    /// Adds `offset`; false when it was there already.
    mutating func insert(_ offset: Int32) -> Bool {
        guard let interval, offset >= 0, Int64(offset) % interval == 0 else {
            let inserted = others.insert(offset).inserted
            if inserted { count += 1 }
            return inserted
        }
        let index = Int(Int64(offset) / interval)
        let word = index / 64, mask = UInt64(1) << UInt64(index % 64)
        if word >= bits.count { bits.append(contentsOf: repeatElement(0, count: word + 1 - bits.count)) }
        guard bits[word] & mask == 0 else { return false }
        bits[word] |= mask
        count += 1
        return true
    }

    /// Removes `offset`; false when it was not there.
    mutating func remove(_ offset: Int32) -> Bool {
        guard let interval, offset >= 0, Int64(offset) % interval == 0 else {
            let removed = others.remove(offset) != nil
            if removed { count -= 1 }
            return removed
        }
        let index = Int(Int64(offset) / interval)
        let word = index / 64, mask = UInt64(1) << UInt64(index % 64)
        guard word < bits.count, bits[word] & mask != 0 else { return false }
        bits[word] &= ~mask
        count -= 1
        return true
    }

    /// Every offset held, in no particular order.
    var offsets: [Int32] {
        var result = Array(others)
        guard let interval else { return result }
        for (word, value) in bits.enumerated() where value != 0 {
            for bit in 0..<64 where value & (UInt64(1) << UInt64(bit)) != 0 {
                result.append(Int32(Int64(word * 64 + bit) * interval))
            }
        }
        return result
    }

    /// Bytes of storage the set holds beyond its own fields (for the benchmark of an open period's state).
    var storageBytes: Int { bits.capacity * 8 + others.capacity * 4 }
}
