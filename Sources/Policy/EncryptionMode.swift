/// How an encryptor turns readings into a window's ciphertext (`encrypt: mode:`).
public enum EncryptionMode: String, Sendable, CaseIterable, Hashable {
    /// Each reading is encrypted on its own (a fresh E(m)) and the ciphertexts are multiplied: the default.
    case perReading = "per_reading"
    /// A window starts from a fresh E(0) and each reading is added into it as a plaintext, then wiped: the
    /// same release, a fraction of the cost; weaker only against someone who reads the runtime's memory.
    case perWindow = "per_window"

    /// The one-line account `check` gives of the mode.
    public var explanation: String {
        switch self {
        case .perReading:
            return "per_reading (every reading is encrypted on its own; one look at the runtime's memory shows only "
                + "the readings waiting in plaintext at that moment)"
        case .perWindow:
            return "per_window (a window starts from a fresh encryption of 0 and each reading is added into it as a "
                + "plaintext, then wiped; the key holder learns the same as with per_reading, but one snapshot of the "
                + "runtime's memory and a window's released aggregate give the exact sum of the readings folded into "
                + "that window after the snapshot, without the private key, and the whole sum of each of the next "
                + "1,024 windows at most, whose encryptions of 0 were made ahead and waiting)"
        }
    }
}
