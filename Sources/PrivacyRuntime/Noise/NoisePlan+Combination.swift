import Policy

extension NoisePlan {
    /// Refuses noisy policies run on one stream with an exact policy whose windows tile theirs (same or shorter,
    /// dividing them): the exact windows of a noisy window's meters add up to its exact total, so its noise would
    /// protect nothing. Exact policies with longer windows (a daily bill beside hourly noisy regions) are allowed: what
    /// they reveal is the meter's longer total, which the noisy windows do not refine beyond their epsilon.
    public static func checkCombination(_ policies: [Policy]) throws(NoisePlanError) {
        for noisy in policies where noisy.noise != nil {
            for exact in policies where exact.noise == nil {
                let short = exact.window.seconds, long = noisy.window.seconds
                guard short > 0, short <= long, long % short == 0 else { continue }
                throw .exactReleasesCancelNoise(
                    noisy: "'\(noisy.name)' (\(noisy.window))", exact: "\(exact.scope.rawValue) policy '\(exact.name)' (\(exact.window))",
                    at: noisy.noise!.location)
            }
        }
    }
}
