import CGMP

/// The GMP library this process runs with (the shared library loaded, not the headers built against).
public enum GMPLibrary {
    /// GMP's version string, e.g. `6.2.1` (`gmp_version`, a macro for the exported `__gmp_version`).
    public static var version: String { String(cString: __gmp_version) }
}
