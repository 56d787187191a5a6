/// What the runtime keeps per policy and shard so that no window is released twice: the point up to which
/// windows were released, and the latest window end that had readings admitted (its windows may be partial
/// after a crash). Times are window ends, epoch seconds; nil before the first.
public struct ReleasePoint: Sendable, Hashable {
    /// Every window ending at or before this was released (or suppressed); a reading for one is rejected.
    public var releasedThrough: Int64?
    /// The latest end of a window that had readings admitted; windows after `releasedThrough` up to this one were
    /// open when the state was written, so a crash may have lost some of their readings.
    public var admittedThrough: Int64?

    /// Creates a point.
    public init(releasedThrough: Int64? = nil, admittedThrough: Int64? = nil) {
        self.releasedThrough = releasedThrough
        self.admittedThrough = admittedThrough
    }

    /// Whether the window ending at `windowEnd` was released.
    public func isReleased(windowEnd: Int64) -> Bool {
        releasedThrough.map { windowEnd <= $0 } ?? false
    }

    /// Whether a reading at `timestamp` belongs to a released window: it lies before the release point. With the
    /// policy's windows unchanged that is its window ending at or before the point; with a window changed between
    /// runs, a reading before the point is in a window released under the old length all the same.
    public func isReleased(timestamp: Int64) -> Bool {
        releasedThrough.map { timestamp < $0 } ?? false
    }

    /// Each field the later of this point's and `other`'s (nil counts as earliest).
    func later(than other: ReleasePoint) -> ReleasePoint {
        func latest(_ a: Int64?, _ b: Int64?) -> Int64? { [a, b].compactMap { $0 }.max() }
        return ReleasePoint(releasedThrough: latest(releasedThrough, other.releasedThrough),
                            admittedThrough: latest(admittedThrough, other.admittedThrough))
    }
}
