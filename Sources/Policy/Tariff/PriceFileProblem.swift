/// Why a price file cannot be used, as one sentence.
struct PriceFileProblem: Error {
    /// The sentence.
    let message: String

    init(_ message: String) {
        self.message = message
    }
}
