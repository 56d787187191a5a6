import Dispatch
import Foundation
import Paillier

extension CPUBoundWork {
    /// `transform` of each of `elements`, in their order, computed off the cooperative pool with every core taking
    /// shares of at least `share` elements (`DispatchQueue.concurrentPerform` hands the shares out as cores free up,
    /// so a core that other load slows takes fewer). Fewer than two shares' worth run on one thread.
    public static func map<Element: Sendable, Mapped: Sendable>(
        _ elements: [Element], share: Int = 32, _ transform: @escaping @Sendable (Element) -> Mapped
    ) async throws -> [Mapped] {
        guard elements.count >= 2 * max(1, share) else { return elements.map(transform) }
        return try await run { mapOnEveryCore(elements, share: share, transform) }
    }

    /// `map`'s work, on the calling thread and the Dispatch workers.
    static func mapOnEveryCore<Element: Sendable, Mapped: Sendable>(
        _ elements: [Element], share: Int, _ transform: @Sendable (Element) -> Mapped
    ) -> [Mapped] {
        let cores = Processors.active
        guard cores > 1 else { return elements.map(transform) }
        // Four shares per core at least, so the work evens out when one core is busier than the other.
        let size = max(1, share, elements.count / (4 * cores))
        let shares = (elements.count + size - 1) / size
        return Array(unsafeUninitializedCapacity: elements.count) { buffer, initialized in
            nonisolated(unsafe) let output = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: shares) { index in
                for element in (index * size)..<min(elements.count, (index + 1) * size) {
                    (output + element).initialize(to: transform(elements[element]))
                }
            }
            initialized = elements.count
        }
    }
}
