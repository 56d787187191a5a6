import CGMP

extension PaillierPublicKey {
    /// Throws unless `ciphertext` was made under this key.
    func checkOwnership(_ ciphertext: PaillierCiphertext) throws {
        guard ciphertext.keyID == keyID else {
            throw PaillierError(
                .keyMismatch, "ciphertext belongs to key \(ciphertext.keyID), not to key \(keyID)")
        }
    }

    /// E(a + b) from E(a) and E(b): their product modulo n².
    public func add(_ lhs: PaillierCiphertext, _ rhs: PaillierCiphertext) throws -> PaillierCiphertext {
        try checkOwnership(lhs)
        try checkOwnership(rhs)
        return PaillierCiphertext(unchecked: (lhs.value * rhs.value).modulo(nSquared), keyID: keyID)
    }

    /// E(a + k) from E(a) and a plaintext k: E(a)·(1 + k·n) mod n². Not re-randomised: the result
    /// is linkable to E(a); call `rerandomize` before publishing it on its own.
    public func add(_ ciphertext: PaillierCiphertext, plaintext: BigInteger) throws -> PaillierCiphertext {
        try checkOwnership(ciphertext)
        let k = try encode(plaintext)
        let factor = (k * n + BigInteger(1)).modulo(nSquared)
        return PaillierCiphertext(unchecked: (ciphertext.value * factor).modulo(nSquared), keyID: keyID)
    }

    /// E(k·a) from E(a) and a signed scalar k: E(a)^(k mod n) mod n². Not re-randomised (see
    /// `add(_:plaintext:)`). The scalar is treated as public (variable-time exponentiation).
    public func multiply(_ ciphertext: PaillierCiphertext, by scalar: BigInteger) throws -> PaillierCiphertext {
        try checkOwnership(ciphertext)
        let exponent = try encode(scalar)
        return PaillierCiphertext(unchecked: ciphertext.value.power(exponent, modulo: nSquared), keyID: keyID)
    }

    /// The same plaintext under a fresh standard obfuscator r^n: unlinkable to the input.
    public func rerandomize(_ ciphertext: PaillierCiphertext) throws -> PaillierCiphertext {
        try checkOwnership(ciphertext)
        return PaillierCiphertext(unchecked: (ciphertext.value * standardObfuscator()).modulo(nSquared), keyID: keyID)
    }
}
