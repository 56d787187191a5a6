import Foundation

/// The release step of a run whose region and household policies run together (`JointReleasePlan`): household windows
/// are released as their policies say when they close; region cells are held until the household windows of their
/// block have closed, then the block's `ReleaseGraph` decides which cells `DisclosureControl` withholds besides the
/// policies' own rules (primary: fewer than min_meters, or every reading at a bound of the policy's range; secondary:
/// a cell whose release would let the releases of all policies together determine a suppressed sum or part of a
/// meter's window). A household window withheld by any rule of its policy is an unreleased vertex here. Region
/// policies with `noise:` are released on their own, as in a run without household policies.
final class JointRelease {
    private let plan: JointReleasePlan
    private let regionRuns: [PolicyRun]
    /// Region policies with `noise:`, outside the joint release.
    private let noisyRuns: [PolicyRun]
    private let householdRuns: [PolicyRun]
    private let blocks: WindowAssigner
    /// Held region cells and recorded household windows, by block start.
    private var held: [Int64: Block] = [:]

    private struct Block {
        var end: Int64
        /// Per region run, its closed cells of the block.
        var cells: [[OpenWindow<any WindowAccumulator>]]
        /// The closed household windows of the block, and whether their policy released them.
        var households: [(window: OpenWindow<any WindowAccumulator>, released: Bool)] = []
    }

    init(plan: JointReleasePlan, runs: [PolicyRun]) {
        self.plan = plan
        self.regionRuns = runs.filter { $0.policy.scope == .region && $0.policy.noise == nil }
        self.noisyRuns = runs.filter { $0.policy.scope == .region && $0.policy.noise != nil }
        self.householdRuns = runs.filter { $0.policy.scope == .household }
        self.blocks = WindowAssigner(length: plan.householdWindow, timeZone: plan.householdTimeZone)
    }

    /// After a batch: releases the household windows the watermarks closed, holds the closed region cells, and decides
    /// every block whose household windows have all closed.
    func step(now: Int64) async throws {
        for run in noisyRuns { try await run.release.release(run.windows.takeClosed(), now: now) }
        for run in householdRuns { try await releaseHouseholds(run.windows.takeClosed(), of: run, discard: false, now: now) }
        for (index, run) in regionRuns.enumerated() { hold(run.windows.takeClosed(), of: index) }
        // A block is complete when every policy's watermark has passed its end (its household windows and cells closed).
        let closedUntil = (householdRuns + regionRuns).map { $0.windows.watermark ?? .min }.min() ?? .min
        for start in held.keys.sorted() where held[start]!.end <= closedUntil { try await decide(start, now: now) }
    }

    /// End of input or stop: closes every window (a stop with `on_shutdown: discard` drops open ones unreleased) and
    /// decides every block.
    func finish(stopped: Bool, now: Int64) async throws {
        for run in noisyRuns {
            let open = run.windows.closeAll()
            if stopped && run.policy.onShutdown == .discard { try await run.release.discard(open, now: now) } else { try await run.release.release(open, now: now) }
        }
        for run in householdRuns {
            try await releaseHouseholds(run.windows.closeAll(), of: run, discard: stopped && run.policy.onShutdown == .discard, now: now)
        }
        for (index, run) in regionRuns.enumerated() {
            let open = run.windows.closeAll()
            if stopped && run.policy.onShutdown == .discard { try await run.release.discard(open, now: now) } else { hold(open, of: index) }
        }
        for start in held.keys.sorted() { try await decide(start, now: now) }
    }

    private func releaseHouseholds(_ windows: [OpenWindow<any WindowAccumulator>], of run: PolicyRun, discard: Bool, now: Int64) async throws {
        for window in windows {
            self[blockOf: window.start].households.append((window, !discard && run.release.suppressionReason(window) == nil))
        }
        if discard { try await run.release.discard(windows, now: now) } else { try await run.release.release(windows, now: now) }
    }

    private func hold(_ cells: [OpenWindow<any WindowAccumulator>], of run: Int) {
        for cell in cells { self[blockOf: cell.start].cells[run].append(cell) }
    }

    /// The held block that contains `time`, created empty when new.
    private subscript(blockOf time: Int64) -> Block {
        get {
            let (start, end) = blocks.window(containing: time)
            return held[start] ?? Block(end: end, cells: regionRuns.map { _ in [] })
        }
        set { held[blocks.window(containing: time).start] = newValue }
    }

    /// Builds the block's graph, withholds what `DisclosureControl` says, and releases its cells in every region run.
    private func decide(_ start: Int64, now: Int64) async throws {
        guard let block = held.removeValue(forKey: start) else { return }
        var graph = ReleaseGraph()
        // One vertex per (region, cell start), shared by the region runs (they admit the same readings); withheld by
        // the primary rules if any region policy's own rule or a bound says so.
        var windowsOfCell: [String: [OpenWindow<any WindowAccumulator>]] = [:]
        for cell in block.cells.joined() { windowsOfCell["\(cell.scopeKey)@\(cell.start)", default: []].append(cell) }
        var cellVertex: [String: Int] = [:]
        var cellWindow: [Int: OpenWindow<any WindowAccumulator>] = [:]
        var reasons: [Int: String] = [:]
        for (key, windows) in windowsOfCell.sorted(by: { ($0.value[0].start, $0.value[0].scopeKey) < ($1.value[0].start, $1.value[0].scopeKey) }) {
            let cell = windows[0]
            let reason = windows.lazy.flatMap { window in self.regionRuns.compactMap { $0.release.suppressionReason(window) } }.first
                ?? (windows.contains { $0.allAtMin } ? "every reading at readings.min (a total of 0 with non-negative readings): the total would reveal each one"
                    : windows.contains { $0.allAtMax } ? "every reading at readings.max: the total would reveal each one" : nil)
            let vertex = graph.add(.cell(meters: cell.meters), released: reason == nil, protected: true)
            cellVertex[key] = vertex
            cellWindow[vertex] = cell
            reasons[vertex] = reason
        }
        // One vertex per meter's household window, released if any household policy released it.
        var householdReleased: [String: (window: OpenWindow<any WindowAccumulator>, released: Bool)] = [:]
        for (window, released) in block.households {
            householdReleased[window.scopeKey] = (householdReleased[window.scopeKey]?.window ?? window,
                                                  released || householdReleased[window.scopeKey]?.released == true)
        }
        var meterVertex: [String: (vertex: Int, timestamps: Set<Int64>)] = [:]
        for (meter, household) in householdReleased.sorted(by: { $0.key < $1.key }) {
            meterVertex[meter] = (graph.add(.meter, released: household.released), household.window.timestamps(of: meter))
        }
        // Edges; readings that only a cell or only a household window holds become orphans.
        var covered: [String: Set<Int64>] = [:]
        for (vertex, cell) in cellWindow.sorted(by: { $0.key < $1.key }) {
            for meter in cell.meterIDs.sorted() {
                let inCell = cell.timestamps(of: meter)
                covered[meter, default: []].formUnion(inCell)
                guard let household = meterVertex[meter] else {
                    graph.connect(vertex, graph.add(.orphan, released: false, protected: true))
                    continue
                }
                if !inCell.isDisjoint(with: household.timestamps) { graph.connect(vertex, household.vertex) }
                if !inCell.isSubset(of: household.timestamps) { graph.connect(vertex, graph.add(.orphan, released: false, protected: true)) }
            }
        }
        for (meter, household) in meterVertex.sorted(by: { $0.value.vertex < $1.value.vertex })
        where !household.timestamps.isSubset(of: covered[meter] ?? []) {
            graph.connect(household.vertex, graph.add(.orphan, released: false))
        }
        for (cell, exposure) in DisclosureControl.secondarySuppressions(in: graph) {
            reasons[cell] = "would let released aggregates of the policies on this stream determine " + describe(exposure, cellWindow, meterVertex)
        }
        for (index, run) in regionRuns.enumerated() {
            var withheld: [ObjectIdentifier: String] = [:]
            for cell in block.cells[index] {
                if let vertex = cellVertex["\(cell.scopeKey)@\(cell.start)"], let reason = reasons[vertex] {
                    withheld[ObjectIdentifier(cell)] = reason
                }
            }
            try await run.release.release(block.cells[index].sorted { ($0.start, $0.scopeKey) < ($1.start, $1.scopeKey) },
                                          now: now, withheld: withheld)
        }
    }

    /// What an exposure would have revealed, in words (meter ids and times, never values).
    private func describe(_ exposure: ReleaseGraph.Exposure, _ cells: [Int: OpenWindow<any WindowAccumulator>],
                          _ meters: [String: (vertex: Int, timestamps: Set<Int64>)]) -> String {
        switch exposure {
        case .hiddenSum(let vertex):
            if let cell = cells[vertex] {
                return "the suppressed region '\(cell.scopeKey)' \(RFC3339.format(cell.start))–\(RFC3339.format(cell.end))"
            }
            return "readings that no household window holds"
        case .meterPart(let vertex):
            let meter = meters.first { $0.value.vertex == vertex }?.key ?? "?"
            return "meter '\(meter)''s value over part of its \(JointReleaseRefusal.span(plan.householdWindow)) window"
        }
    }
}
