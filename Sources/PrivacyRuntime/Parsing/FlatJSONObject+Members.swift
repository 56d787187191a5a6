extension FlatJSONObject {
    /// An object's members in document order, looked up by name as a dictionary filled in that order would be (the
    /// last of a repeated name wins), without allocating a hash table and hashing every name of every reading.
    ///
    /// A reading has a handful of members, so a lookup compares names from the end; names compare as `String`s
    /// (canonical equivalence), exactly as they did as dictionary keys.
    public struct Members: Sendable, Equatable, ExpressibleByDictionaryLiteral {
        /// Every member as written, in document order, a repeated name as often as it occurs.
        public private(set) var pairs: [(name: String, value: Value)]

        /// No members yet, with room for `minimumCapacity` of them.
        public init(minimumCapacity: Int = 0) {
            pairs = []
            pairs.reserveCapacity(minimumCapacity)
        }

        /// The members `pairs`, in document order.
        public init(_ pairs: [(name: String, value: Value)]) {
            self.pairs = pairs
        }

        /// The members of a literal, in its order (a test's expectation).
        public init(dictionaryLiteral elements: (String, Value)...) {
            pairs = elements.map { (name: $0.0, value: $0.1) }
        }

        /// Adds a member after the others; a repeated name hides its earlier values from lookups.
        public mutating func append(_ name: String, _ value: Value) {
            pairs.append((name: name, value: value))
        }

        /// The value of the last member named `name`, nil when there is none.
        public subscript(name: String) -> Value? {
            pairs.lastIndex(where: { $0.name == name }).map { pairs[$0].value }
        }

        /// The number of distinct names (a repeated name counts once), as a dictionary of the members would have.
        public var count: Int { byName.count }

        /// The same names with the same (last) values, whatever the order or the repeats, as dictionaries compared.
        public static func == (lhs: Members, rhs: Members) -> Bool { lhs.byName == rhs.byName }

        /// Each name's last value (for `count` and `==`, which no reading needs).
        private var byName: [String: Value] {
            Dictionary(pairs.lazy.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        }
    }
}
