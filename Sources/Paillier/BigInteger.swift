import CGMP

/// A signed arbitrary-precision integer backed by GMP's `mpz_t`.
///
/// Value semantics with copy-on-write class storage: copies share one `mpz_t` until one of them
/// is mutated. Instances are immutable once shared, which makes the type `Sendable`.
public struct BigInteger: Sendable {
    /// The GMP integer; never mutated once it may be shared (see `withMutablePointer`).
    private(set) var storage: MPZ

    /// Wraps storage that nobody else references.
    init(storage: MPZ) {
        self.storage = storage
    }

    /// The integer equal to `value`.
    public init(_ value: Int64) {
        storage = MPZ(Int(value))
    }

    /// Parses an optionally negative decimal integer (`-?[0-9]+`, nothing else); nil when malformed.
    ///
    /// The digits are read 19 at a time straight into the integer's limbs (`DecimalLimbs`), checked as they are read,
    /// instead of through `mpz_set_str` or `mpn_set_str`, which need a pass of their own first (a visible share of
    /// parsing a 1,233-digit ciphertext). No copy of the digits is made, so none is left to wipe.
    public init?(decimal: String) {
        var text = decimal
        guard let value = text.withUTF8({ Self.parse(decimal: $0) }) else { return nil }
        storage = value
    }

    /// The integer `-?[0-9]+` in `text`, or nil.
    private static func parse(decimal text: UnsafeBufferPointer<UInt8>) -> MPZ? {
        let negative = text.first == UInt8(ascii: "-")
        let digits = UnsafeBufferPointer(rebasing: text[(negative ? 1 : 0)...])
        guard !digits.isEmpty else { return nil }
        let value = MPZ()
        let limbs = __gmpz_limbs_write(value.pointer, DecimalLimbs.capacity(digits: digits.count))!
        guard let size = DecimalLimbs.convert(digits, into: limbs) else {
            __gmpz_limbs_finish(value.pointer, 0)
            return nil
        }
        __gmpz_limbs_finish(value.pointer, negative ? -size : size)
        return value
    }

    /// Read-only access to the underlying `mpz_t`, valid only while this value is alive: a caller
    /// passing a local's or a temporary's pointer to GMP wraps the call in `withExtendedLifetime`.
    var pointer: UnsafePointer<__mpz_struct> { UnsafePointer(storage.pointer) }

    /// Runs `body` with a pointer it may write through, copying the storage first if it is shared.
    mutating func withMutablePointer<R>(_ body: (UnsafeMutablePointer<__mpz_struct>) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) {
            storage = MPZ(copying: storage)
        }
        return try body(storage.pointer)
    }

    /// -1, 0 or 1 according to the sign.
    public var signum: Int { Int(cgmp_sgn(pointer)) }

    /// Number of bits of the magnitude (0 for zero).
    public var bitWidth: Int {
        signum == 0 ? 0 : Int(__gmpz_sizeinbase(pointer, 2))
    }

    /// True when the value is odd.
    public var isOdd: Bool { cgmp_odd_p(pointer) != 0 }

    /// The value as an `Int64`, or nil when it does not fit.
    public var int64Value: Int64? {
        guard __gmpz_fits_slong_p(pointer) != 0 else { return nil }
        return Int64(__gmpz_get_si(pointer))
    }
}

extension BigInteger: CustomStringConvertible {
    /// The value in decimal, with a leading `-` when negative.
    public var description: String {
        let capacity = Int(__gmpz_sizeinbase(pointer, 10)) + 2
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                _ = __gmpz_get_str(chars.baseAddress, 10, pointer)
                return strlen(chars.baseAddress!)
            }
        }
    }
}

extension BigInteger: Comparable, Hashable {
    /// Numeric equality.
    public static func == (lhs: BigInteger, rhs: BigInteger) -> Bool {
        __gmpz_cmp(lhs.pointer, rhs.pointer) == 0
    }

    /// Numeric order.
    public static func < (lhs: BigInteger, rhs: BigInteger) -> Bool {
        __gmpz_cmp(lhs.pointer, rhs.pointer) < 0
    }

    /// Hashes the sign and magnitude.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(signum)
        hasher.combine(bigEndianMagnitude)
    }
}
