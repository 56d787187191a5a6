/// Secondary suppression (as in statistical disclosure control: tau-ARGUS, sdcTable) on a block's `ReleaseGraph`:
/// withholds released region cells, one at a time, until the releases of all policies together determine no
/// protected sum and no meter's value over part of its window. Household windows are never withheld here.
enum DisclosureControl {
    /// The cells to withhold, each with the exposure it repairs (in the order chosen). Deterministic: for the first
    /// exposure (in vertex order), the remedy cell with the fewest meters, then the lowest index (earliest, as
    /// cells are added in time order). Terminates: each step withholds one more released cell.
    static func secondarySuppressions(in graph: ReleaseGraph) -> [(cell: Int, exposure: ReleaseGraph.Exposure)] {
        var chosen: [(cell: Int, exposure: ReleaseGraph.Exposure)] = []
        for (part, vertices) in graph.parts() {
            var part = part
            while let exposure = part.exposures().first {
                let remedies = part.remedies(for: exposure)
                guard let cell = remedies.min(by: { (meters(part, $0), $0) < (meters(part, $1), $1) }) else { break }
                part.withhold(cell)
                chosen.append((vertices[cell], ReleaseGraph.Exposure.mapped(exposure, to: vertices)))
            }
        }
        return chosen
    }

    private static func meters(_ graph: ReleaseGraph, _ cell: Int) -> Int {
        if case .cell(let meters) = graph.kinds[cell] { return meters }
        return 0
    }
}

extension ReleaseGraph.Exposure {
    /// The exposure with its vertex renumbered through `vertices` (a part's index to the whole graph's).
    static func mapped(_ exposure: Self, to vertices: [Int]) -> Self {
        switch exposure {
        case .hiddenSum(let v): .hiddenSum(vertices[v])
        case .meterPart(let v): .meterPart(vertices[v])
        }
    }
}
