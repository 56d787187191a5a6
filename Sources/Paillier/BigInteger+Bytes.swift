import CGMP

extension BigInteger {
    /// The non-negative integer whose big-endian magnitude is `bytes` (empty means zero).
    public init(bigEndianMagnitude bytes: some Collection<UInt8>) {
        let value = MPZ()
        let array = Array(bytes)
        array.withUnsafeBytes { raw in
            if raw.count > 0 {
                __gmpz_import(value.pointer, raw.count, 1, 1, 1, 0, raw.baseAddress)
            }
        }
        self.init(storage: value)
    }

    /// The magnitude as big-endian bytes without leading zeros (empty for zero).
    public var bigEndianMagnitude: [UInt8] {
        guard signum != 0 else { return [] }
        let count = (Int(__gmpz_sizeinbase(pointer, 2)) + 7) / 8
        var bytes = [UInt8](repeating: 0, count: count)
        var written = 0
        bytes.withUnsafeMutableBytes { raw in
            _ = __gmpz_export(raw.baseAddress, &written, 1, 1, 1, 0, pointer)
        }
        return bytes
    }
}
