import Synchronization

/// One partition claim held by this instance, shared by the lease keeper (which extends it on every renewal) and
/// every stage that writes for the partition (which checks `isValid` before writing and surrenders the claim when a
/// store refuses its token).
///
/// It is valid until its deadline (the start of the last successful renewal plus the lease's TTL, less a margin), so
/// an instance that cannot renew, or was paused past its TTL, stops writing at once, before another instance can
/// have claimed the partition.
public final class PartitionLease: Sendable {
    private struct State {
        var validUntil: ContinuousClock.Instant
        var lostReason: String?
    }

    /// The claim's fencing token.
    public let token: FencingToken
    private let state: Mutex<State>

    /// A claim made at `claimedAt` (before the claim request was sent) that is valid for `validity`.
    public init(token: FencingToken, claimedAt: ContinuousClock.Instant, validity: Duration) {
        self.token = token
        state = Mutex(State(validUntil: claimedAt + validity))
    }

    /// Whether the instance may still write for the partition: not surrendered and within its deadline.
    public var isValid: Bool {
        state.withLock { $0.lostReason == nil && ContinuousClock.now < $0.validUntil }
    }

    /// Why the claim is no longer valid (surrendered, or its deadline passed); nil while it is.
    public var lostReason: String? {
        state.withLock { state in
            if let reason = state.lostReason { return reason }
            return ContinuousClock.now < state.validUntil ? nil : "lease not renewed within its TTL"
        }
    }

    /// A renewal sent at `sentAt` succeeded: valid until `sentAt + validity`, unless surrendered or already expired
    /// (an expired claim is never revived: another instance may hold the partition by now). Returns whether it was extended.
    @discardableResult
    public func extend(sentAt: ContinuousClock.Instant, validity: Duration) -> Bool {
        state.withLock { state in
            guard state.lostReason == nil, ContinuousClock.now < state.validUntil else { return false }
            state.validUntil = max(state.validUntil, sentAt + validity)
            return true
        }
    }

    /// Gives the partition up for `reason` (a store refused the token, a renewal found another holder); the first
    /// reason stays. Returns whether this call surrendered it.
    @discardableResult
    public func surrender(_ reason: String) -> Bool {
        state.withLock { state in
            guard state.lostReason == nil else { return false }
            state.lostReason = reason
            return true
        }
    }
}
