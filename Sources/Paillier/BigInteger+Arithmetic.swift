import CGMP

extension BigInteger {
    /// The sum of two integers.
    public static func + (lhs: BigInteger, rhs: BigInteger) -> BigInteger {
        let result = MPZ()
        __gmpz_add(result.pointer, lhs.pointer, rhs.pointer)
        return BigInteger(storage: result)
    }

    /// The difference of two integers.
    public static func - (lhs: BigInteger, rhs: BigInteger) -> BigInteger {
        let result = MPZ()
        __gmpz_sub(result.pointer, lhs.pointer, rhs.pointer)
        return BigInteger(storage: result)
    }

    /// The product of two integers.
    public static func * (lhs: BigInteger, rhs: BigInteger) -> BigInteger {
        let result = MPZ()
        __gmpz_mul(result.pointer, lhs.pointer, rhs.pointer)
        return BigInteger(storage: result)
    }

    /// The negated value.
    public static prefix func - (operand: BigInteger) -> BigInteger {
        let result = MPZ()
        __gmpz_neg(result.pointer, operand.pointer)
        return BigInteger(storage: result)
    }

    /// Adds `rhs` in place.
    public static func += (lhs: inout BigInteger, rhs: BigInteger) {
        lhs.withMutablePointer { __gmpz_add($0, $0, rhs.pointer) }
    }

    /// The quotient rounded towards minus infinity (`divisor` must be positive).
    public func floorDivided(by divisor: BigInteger) -> BigInteger {
        let result = MPZ()
        __gmpz_fdiv_q(result.pointer, pointer, divisor.pointer)
        return BigInteger(storage: result)
    }

    /// ⌊self / divisor⌋ and the remainder in `[0, divisor)`, for non-negative `self` and positive `divisor`.
    public func quotientAndRemainder(dividingBy divisor: BigInteger) -> (quotient: BigInteger, remainder: BigInteger) {
        let quotient = MPZ(), remainder = MPZ()
        __gmpz_fdiv_qr(quotient.pointer, remainder.pointer, pointer, divisor.pointer)
        return (BigInteger(storage: quotient), BigInteger(storage: remainder))
    }

    /// The remainder in `[0, modulus)` (`modulus` must be positive).
    func modulo(_ modulus: BigInteger) -> BigInteger {
        let result = MPZ()
        __gmpz_mod(result.pointer, pointer, modulus.pointer)
        return BigInteger(storage: result)
    }

    /// `self^exponent mod modulus` with GMP's fastest, variable-time exponentiation: for public exponents.
    func power(_ exponent: BigInteger, modulo modulus: BigInteger) -> BigInteger {
        let result = MPZ()
        __gmpz_powm(result.pointer, pointer, exponent.pointer, modulus.pointer)
        return BigInteger(storage: result)
    }

    /// `self^exponent mod modulus` in time independent of the exponent's value (`mpz_powm_sec`): for
    /// secret exponents. Requires an odd modulus and a positive exponent.
    func secretPower(_ exponent: BigInteger, modulo modulus: BigInteger) -> BigInteger {
        let result = MPZ()
        __gmpz_powm_sec(result.pointer, pointer, exponent.pointer, modulus.pointer)
        return BigInteger(storage: result)
    }

    /// The inverse modulo `modulus`, or nil when none exists.
    func inverse(modulo modulus: BigInteger) -> BigInteger? {
        let result = MPZ()
        guard __gmpz_invert(result.pointer, pointer, modulus.pointer) != 0 else { return nil }
        return BigInteger(storage: result)
    }

    /// The greatest common divisor (non-negative).
    func gcd(_ other: BigInteger) -> BigInteger {
        let result = MPZ()
        __gmpz_gcd(result.pointer, pointer, other.pointer)
        return BigInteger(storage: result)
    }

    /// ⌊√self⌋, for non-negative `self`.
    public func squareRootRoundingDown() -> BigInteger {
        let result = MPZ()
        __gmpz_sqrt(result.pointer, pointer)
        return BigInteger(storage: result)
    }

    /// The remainder of division by a small positive divisor.
    func remainder(dividingBy divisor: UInt) -> UInt {
        __gmpz_fdiv_ui(pointer, divisor)
    }

    /// `self · 2^count`.
    func shiftedLeft(by count: Int) -> BigInteger {
        let result = MPZ()
        __gmpz_mul_2exp(result.pointer, pointer, mp_bitcnt_t(count))
        return BigInteger(storage: result)
    }

    /// `self / 2^count`, rounded towards minus infinity.
    func shiftedRight(by count: Int) -> BigInteger {
        let result = MPZ()
        __gmpz_fdiv_q_2exp(result.pointer, pointer, mp_bitcnt_t(count))
        return BigInteger(storage: result)
    }

    /// True when bit `index` of the two's-complement value is set.
    func testBit(_ index: Int) -> Bool {
        __gmpz_tstbit(pointer, mp_bitcnt_t(index)) != 0
    }
}
