import Paillier

/// A distribution of integer noise the runtime adds to a release: discrete Laplace or discrete Gaussian.
public protocol IntegerNoise: Sendable {
    /// One draw.
    func sample(using source: inout some UniformIntegerSource) -> BigInteger
}

extension DiscreteLaplace: IntegerNoise {}
extension DiscreteGaussian: IntegerNoise {}
