import CYAML

/// The libyaml this process runs with (the shared library loaded, not the headers built against).
public enum YAMLLibrary {
    /// libyaml's version string, e.g. `0.2.5`.
    public static var version: String { String(cString: yaml_get_version_string()) }
}
