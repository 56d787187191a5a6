import CGMP
import Dispatch
import Foundation

/// Encrypts plaintexts under one public key, with the obfuscation chosen at creation.
///
/// For `.djn` the initialiser draws a secret x, derives h_s = (−x²)^n mod n² and precomputes a
/// fixed-base table for h_s (see `Obfuscation` for the exponent length and its assumption), read in
/// constant time (`FixedBaseTable`), so creation takes a fraction of a second of CPU and the table
/// stays in memory (about 9.2, 20.6 and 36.6 MiB for 2048-, 3072- and 4096-bit keys with AVX2; see
/// `defaultWindowBits`). All methods are thread-safe.
public final class PaillierEncryptor: Sendable {
    /// The key ciphertexts are made under.
    public let publicKey: PaillierPublicKey
    /// The obfuscation every encryption uses.
    public let obfuscation: Obfuscation
    /// The fixed-base table of h_s for `.djn`; nil for `.standard`.
    let table: FixedBaseTable?

    /// An encryptor for `publicKey`; `.djn` precomputes its table here with the default digit width.
    /// Throws when the key is too small to carry a DJN exponent (below 512 bits: test keys only).
    public convenience init(publicKey: PaillierPublicKey, obfuscation: Obfuscation) throws {
        try self.init(publicKey: publicKey, obfuscation: obfuscation,
                      djnWindowBits: Self.defaultWindowBits(keyBits: publicKey.bits))
    }

    /// An encryptor whose DJN table uses `djnWindowBits`-bit digits (1...12): each extra bit cuts
    /// the multiplications per encryption (⌈L/w⌉) but doubles the table (⌈L/w⌉·2^w entries of n²
    /// size), which every encryption reads in full. Ignored for `.standard`.
    public init(publicKey: PaillierPublicKey, obfuscation: Obfuscation, djnWindowBits: Int) throws {
        guard publicKey.bits >= 512 else {
            throw PaillierError(.invalidKey, "key \(publicKey.keyID) is too small to encrypt with (\(publicKey.bits) bits)")
        }
        guard (1...FixedBaseTable.maximumWindowBits).contains(djnWindowBits) else {
            throw PaillierError(
                .invalidKey, "DJN table digit width \(djnWindowBits) is outside 1...\(FixedBaseTable.maximumWindowBits)")
        }
        self.publicKey = publicKey
        self.obfuscation = obfuscation
        switch obfuscation {
        case .standard:
            table = nil
        case .djn:
            table = DJNTableCache.shared.table(for: publicKey, windowBits: djnWindowBits) {
                FixedBaseTable(
                    base: Self.djnBase(publicKey), modulus: publicKey.nSquared,
                    exponentBits: Self.djnExponentBits(keyBits: publicKey.bits), windowBits: djnWindowBits)
            }
        }
    }

    /// The DJN exponent length for a key: ⌈|n|/2⌉ bits (1024, 1536, 2048 for 2048, 3072, 4096).
    static func djnExponentBits(keyBits: Int) -> Int { (keyBits + 1) / 2 }

    /// The default DJN table digit width for a key size, the fastest measured with the table read in
    /// constant time (BENCHMARKS.md): 7 bits where the selection runs its AVX2 build (tables of 9.2,
    /// 20.6 and 36.6 MiB, 146, 219 and 292 multiplications per encryption at 2048, 3072 and 4096 bits),
    /// 6 bits otherwise (5.3, 12.0 and 21.4 MiB; 170, 255 and 341). The most recent table is shared by
    /// later encryptors for the same key.
    public static func defaultWindowBits(keyBits: Int) -> Int { FixedBaseTable.selectsWithAVX2 ? 7 : 6 }

    /// h_s = h^n mod n² with h = −x² mod n for a fresh secret x in Z*_n (wiped when it goes out of scope).
    private static func djnBase(_ key: PaillierPublicKey) -> BigInteger {
        let x = SecureRandom.unit(modulo: key.n)
        let h = key.n - (x * x).modulo(key.n)
        return h.power(key.n, modulo: key.nSquared)
    }

    /// Encrypts a signed 64-bit value (always encodable under keys of at least 66 bits).
    public func encrypt(_ value: Int64) -> PaillierCiphertext {
        let workspace = EncryptionWorkspace(modulusBits: publicKey.nSquared.bitWidth)
        return encrypt(value, in: workspace)
    }

    /// Encrypts a signed value; throws when |value| exceeds `publicKey.maxPlaintext`.
    public func encrypt(_ value: BigInteger) throws -> PaillierCiphertext {
        let encoded = try publicKey.encode(value)
        let workspace = EncryptionWorkspace(modulusBits: publicKey.nSquared.bitWidth)
        return withExtendedLifetime(encoded) { encrypt(encoded: encoded.pointer, in: workspace) }
    }

    /// Encrypts every value, spreading the work over all cores; results keep the input order.
    public func encrypt(batch values: [Int64]) -> [PaillierCiphertext] {
        encrypt(batch: values, onEveryCore: true)
    }

    /// Encrypts every value on every core, or on the calling thread alone (a thread of low priority making
    /// ciphertexts ahead of need, say); results keep the input order. DJN obfuscators are computed
    /// `FixedBaseTable.batchWidth` at a time, one pass over the table for each group.
    public func encrypt(batch values: [Int64], onEveryCore: Bool) -> [PaillierCiphertext] {
        let workers = onEveryCore ? min(Processors.active, values.count) : min(1, values.count)
        let modulusBits = publicKey.nSquared.bitWidth
        let buffer = UnsafeMutableBufferPointer<PaillierCiphertext>.allocate(capacity: values.count)
        defer { buffer.deallocate() }
        nonisolated(unsafe) let output = buffer
        let chunk = workers == 0 ? 0 : (values.count + workers - 1) / workers
        let encryptChunk = { @Sendable (worker: Int) in
            let workspace = EncryptionWorkspace(modulusBits: modulusBits)
            var index = worker * chunk
            let end = min(index + chunk, values.count)
            while index < end {
                let group = min(FixedBaseTable.batchWidth, end - index)
                self.makeObfuscators(count: group, in: workspace)
                for offset in 0..<group {
                    (output.baseAddress! + index + offset).initialize(
                        to: self.encrypt(values[index + offset], obfuscator: workspace.obfuscators[offset], in: workspace))
                }
                index += group
            }
        }
        if workers > 1 {
            DispatchQueue.concurrentPerform(iterations: workers, execute: encryptChunk)
        } else if workers == 1 {
            encryptChunk(0)
        }
        let result = Array(buffer)
        _ = buffer.deinitialize()
        return result
    }

    /// Re-randomises `ciphertext` with a fresh obfuscator of this encryptor's kind: same plaintext,
    /// unlinkable value. Throws when it belongs to another key.
    public func rerandomize(_ ciphertext: PaillierCiphertext) throws -> PaillierCiphertext {
        try publicKey.checkOwnership(ciphertext)
        let workspace = EncryptionWorkspace(modulusBits: publicKey.nSquared.bitWidth)
        makeObfuscators(count: 1, in: workspace)
        let result = MPZ()
        withExtendedLifetime(workspace) {
            __gmpz_mul(workspace.scratch.pointer, workspace.obfuscators[0].pointer, ciphertext.value.pointer)
            __gmpz_tdiv_r(result.pointer, workspace.scratch.pointer, publicKey.nSquared.pointer)
        }
        return PaillierCiphertext(unchecked: BigInteger(storage: result), keyID: publicKey.keyID)
    }

    /// Encrypts a signed 64-bit value reusing `workspace`.
    func encrypt(_ value: Int64, in workspace: EncryptionWorkspace) -> PaillierCiphertext {
        makeObfuscators(count: 1, in: workspace)
        return encrypt(value, obfuscator: workspace.obfuscators[0], in: workspace)
    }

    /// Encrypts a signed 64-bit value with a fresh `obfuscator` of `workspace`'s.
    private func encrypt(_ value: Int64, obfuscator: MPZ, in workspace: EncryptionWorkspace) -> PaillierCiphertext {
        let encoded = workspace.encoded.pointer
        __gmpz_set_si(encoded, Int(value))
        if value < 0 { __gmpz_add(encoded, encoded, publicKey.n.pointer) }
        return combine(encoded: encoded, obfuscator: obfuscator, in: workspace)
    }

    /// Encrypts an encoded plaintext in [0, n) reusing `workspace`.
    func encrypt(encoded: UnsafePointer<__mpz_struct>, in workspace: EncryptionWorkspace) -> PaillierCiphertext {
        makeObfuscators(count: 1, in: workspace)
        return combine(encoded: encoded, obfuscator: workspace.obfuscators[0], in: workspace)
    }

    /// The ciphertext of an encoded plaintext in [0, n) with a fresh `obfuscator`.
    private func combine(encoded: UnsafePointer<__mpz_struct>, obfuscator: MPZ,
                         in workspace: EncryptionWorkspace) -> PaillierCiphertext {
        let result = MPZ(capacity: publicKey.nSquared.bitWidth)
        publicKey.combine(encoded: encoded, obfuscator: obfuscator.pointer,
                          into: result.pointer, scratch: workspace.scratch.pointer)
        let value = BigInteger(storage: result)
        // One division here, on the encrypting core, spares the single aggregating thread one per addition.
        return PaillierCiphertext(unchecked: value, keyID: publicKey.keyID, digits: BaseNDigits(value, n: publicKey.n))
    }

    /// Sets `workspace.obfuscators[0..<count]` (count at most `FixedBaseTable.batchWidth`) to fresh encryptions
    /// of zero of this encryptor's kind; DJN computes them together, in one pass over the table.
    func makeObfuscators(count: Int, in workspace: EncryptionWorkspace) {
        if let table {
            SecureRandom.withRandomBytes(count: count * table.exponentByteCount) { alphas in
                table.power(exponents: UnsafeRawBufferPointer(alphas), into: workspace.obfuscators[..<count].map(\.pointer),
                            scratch: workspace.scratch.pointer)
            }
        } else {
            for obfuscator in workspace.obfuscators[..<count] {
                let r = SecureRandom.unit(modulo: publicKey.n)
                withExtendedLifetime(r) {
                    __gmpz_powm(obfuscator.pointer, r.pointer, publicKey.n.pointer, publicKey.nSquared.pointer)
                }
            }
        }
    }
}

/// Scratch integers one thread reuses across encryptions, so the hot path does not allocate limbs.
final class EncryptionWorkspace {
    /// Obfuscators r^n or h_s^α, `FixedBaseTable.batchWidth` of them.
    let obfuscators: [MPZ]
    /// Double-width products, and the DJN table's selected entries beside them.
    let scratch: MPZ
    /// The encoded plaintext.
    let encoded: MPZ

    /// Workspace sized for a ciphertext modulus of `modulusBits` bits.
    init(modulusBits: Int) {
        obfuscators = (0..<FixedBaseTable.batchWidth).map { _ in MPZ(capacity: modulusBits + 64) }
        scratch = MPZ(capacity: (2 + FixedBaseTable.batchWidth) * (modulusBits + 64))
        encoded = MPZ(capacity: modulusBits)
    }
}
