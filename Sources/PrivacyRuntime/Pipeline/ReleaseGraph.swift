/// One block's releases as a graph (the household window span that holds region cells): a vertex per region cell, per
/// household window (meter), and per "orphan" (readings that only one released window holds); an edge where a meter
/// has readings in a cell. Readings are the edge variables and every released vertex publishes the sum of its
/// edges, so what the releases determine is read off the graph: with all unreleased vertices merged into one free
/// vertex ω, null vectors of the incidence rows are cycles and paths between unreleased vertices, hence
/// (a) an unreleased vertex's sum is determined iff its component holds no other unreleased vertex, and
/// (b) a meter's value over a proper part of its window is determined iff its neighbours fall into two or more
/// components once it is removed (for an unreleased meter: iff some neighbour cannot reach ω without it).
struct ReleaseGraph {
    /// What a vertex stands for.
    enum Kind: Equatable {
        /// A region cell; `meters` is its meter count (the cheapest cells are suppressed first).
        case cell(meters: Int)
        /// A household window.
        case meter
        /// Readings held by one window only: protected like a suppressed cell when on a cell, part of ω on a meter.
        case orphan
    }

    /// A vertex whose hidden value the releases would determine.
    enum Exposure: Equatable {
        /// The sum of an unreleased cell or orphan (rule a).
        case hiddenSum(Int)
        /// A meter's value over part of its window, or an unreleased meter's value (rule b).
        case meterPart(Int)

        /// The exposed vertex.
        var vertex: Int {
            switch self {
            case .hiddenSum(let v), .meterPart(let v): v
            }
        }
    }

    private(set) var kinds: [Kind] = []
    /// Whether each vertex's sum is released.
    private(set) var released: [Bool] = []
    /// Unreleased vertices whose sums must stay undetermined (rule a): primary-suppressed cells, orphans on cells.
    private(set) var protected: [Bool] = []
    private(set) var neighbours: [[Int]] = []

    /// Adds a vertex and returns its index.
    mutating func add(_ kind: Kind, released: Bool, protected: Bool = false) -> Int {
        kinds.append(kind)
        self.released.append(released)
        self.protected.append(!released && protected)
        neighbours.append([])
        return kinds.count - 1
    }

    /// Adds the edge between `a` and `b` (once per pair).
    mutating func connect(_ a: Int, _ b: Int) {
        neighbours[a].append(b)
        neighbours[b].append(a)
    }

    /// Withholds a released vertex (secondary suppression: it is not protected itself).
    mutating func withhold(_ vertex: Int) {
        released[vertex] = false
    }

    /// Vertices.
    var count: Int { kinds.count }

    /// The graph split into its connected components, each with the original index of its vertices (exposures and
    /// remedies never cross components, and small graphs keep the greedy suppression cheap).
    func parts() -> [(graph: ReleaseGraph, vertices: [Int])] {
        let label = components { _ in false }
        var members: [Int: [Int]] = [:]
        for v in 0..<count { members[label[v], default: []].append(v) }
        return members.values.sorted { $0[0] < $1[0] }.map { vertices in
            var index: [Int: Int] = [:]
            var part = ReleaseGraph()
            for v in vertices { index[v] = part.add(kinds[v], released: released[v], protected: protected[v]) }
            for v in vertices {
                for w in neighbours[v] where w > v { part.connect(index[v]!, index[w]!) }
            }
            return (part, vertices)
        }
    }

    /// Every exposure, in vertex order.
    func exposures() -> [Exposure] {
        var found: [Exposure] = []
        let plain = components { _ in false }
        var unreleasedPerComponent: [Int: Int] = [:]
        var releasedCellPerComponent: Set<Int> = []
        for v in 0..<count {
            if !released[v] { unreleasedPerComponent[plain[v], default: 0] += 1 }
            if released[v], case .cell = kinds[v] { releasedCellPerComponent.insert(plain[v]) }
        }
        let cut = cutVertices()
        for v in 0..<count {
            switch kinds[v] {
            case .cell, .orphan:
                // Alone among the unreleased of its component. A component without a released cell is a cell whose
                // meters' windows all lie inside it: the bills add up to it, which adds nothing to the bills.
                if protected[v], unreleasedPerComponent[plain[v]] == 1, releasedCellPerComponent.contains(plain[v]) {
                    found.append(.hiddenSum(v))
                }
            case .meter:
                if released[v] ? cut[v] : !hiddenFromReleases(v) { found.append(.meterPart(v)) }
            }
        }
        return found
    }

    /// The released cells whose suppression repairs `exposure`: for a hidden sum, the released cells of its component;
    /// for a meter, its released neighbour cells that cannot reach ω without it.
    func remedies(for exposure: Exposure) -> [Int] {
        switch exposure {
        case .hiddenSum(let v):
            let plain = components { _ in false }
            return (0..<count).filter { plain[$0] == plain[v] && released[$0] && isCell($0) }
        case .meterPart(let m):
            let label = components(mergingUnreleasedExcept: m, removing: m)
            let omega = count
            return neighbours[m].filter { released[$0] && isCell($0) && label[$0] != label[omega] }
        }
    }

    private func isCell(_ v: Int) -> Bool {
        if case .cell = kinds[v] { return true }
        return false
    }

    /// True when every neighbour of the unreleased meter `m` reaches ω (another unreleased vertex) without `m`.
    private func hiddenFromReleases(_ m: Int) -> Bool {
        let label = components(mergingUnreleasedExcept: m, removing: m)
        return neighbours[m].allSatisfy { label[$0] == label[count] }
    }

    /// Component labels of all vertices plus ω (index `count`) when the unreleased vertices other than `keep` are merged
    /// into ω and `removing` is left out.
    private func components(mergingUnreleasedExcept keep: Int, removing: Int) -> [Int] {
        components(removing: removing) { $0 != keep && !released[$0] }
    }

    /// Component labels (union-find) over vertices plus ω (index `count`); vertices for which `merged` is true are ω,
    /// and `removing` (if any) is left out.
    private func components(removing: Int? = nil, merged: (Int) -> Bool) -> [Int] {
        var parent = Array(0...count)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        for v in 0..<count where v != removing && merged(v) {
            parent[find(v)] = find(count)
        }
        for v in 0..<count where v != removing {
            for w in neighbours[v] where w > v && w != removing {
                parent[find(v)] = find(w)
            }
        }
        return (0...count).map(find)
    }

    /// Articulation points of the graph with the unreleased vertices merged into ω (iterative Tarjan): a released meter
    /// among them splits its neighbours into two or more components.
    private func cutVertices() -> [Bool] {
        let omega = count
        func node(_ v: Int) -> Int { released[v] ? v : omega }
        var adjacency = Array(repeating: [Int](), count: count + 1)
        for v in 0..<count {
            for w in neighbours[v] where w > v && node(v) != node(w) {
                adjacency[node(v)].append(node(w))
                adjacency[node(w)].append(node(v))
            }
        }
        var order = Array(repeating: -1, count: count + 1), low = Array(repeating: 0, count: count + 1)
        var cut = Array(repeating: false, count: count + 1)
        var time = 0
        for root in 0...count where order[root] < 0 {
            order[root] = time; low[root] = time; time += 1
            var stack: [(vertex: Int, parent: Int, next: Int)] = [(root, -1, 0)]
            var rootChildren = 0
            while let top = stack.last {
                if top.next < adjacency[top.vertex].count {
                    stack[stack.count - 1].next += 1
                    let w = adjacency[top.vertex][top.next]
                    if order[w] < 0 {
                        order[w] = time; low[w] = time; time += 1
                        if top.vertex == root { rootChildren += 1 }
                        stack.append((w, top.vertex, 0))
                    } else if w != top.parent {
                        low[top.vertex] = min(low[top.vertex], order[w])
                    }
                } else {
                    stack.removeLast()
                    if let parent = stack.last?.vertex {
                        low[parent] = min(low[parent], low[top.vertex])
                        if parent != root && low[top.vertex] >= order[parent] { cut[parent] = true }
                    }
                }
            }
            cut[root] = rootChildren > 1
        }
        return Array(cut.prefix(count))
    }
}
