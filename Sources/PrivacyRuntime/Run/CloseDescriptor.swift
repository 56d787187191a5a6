#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `close(2)`, callable from types whose own `close()` would shadow it.
func closeDescriptor(_ fd: Int32) {
    _ = close(fd)
}
