import Foundation
import Policy
import PrivacyRuntime

/// Registers the `daily-csv` sink:
///
/// ```yaml
/// sinks:
///   - type: daily-csv
///     directory: out/daily   # required; relative to the policy file; created (0700) if missing
///     header: true           # optional; write the column names as each file's first line
/// ```
public enum DailyCSVSinkPlugin {
    /// The sink's `type:` name.
    public static let type = "daily-csv"

    /// Adds the sink to `registry`.
    public static func register(in registry: inout StageRegistry) {
        registry.register(sink: type) { options in
            let directory = options.requiredPath("directory")
            let header = options.bool("header", default: true)
            guard let directory else { return nil }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                options.error("'directory' names an existing file; it must be a directory (one CSV file per UTC day goes there)",
                              at: "directory")
                return nil
            }
            return { context in try DailyCSVSink(directory: directory, header: header, policy: context.policy.name) }
        }
    }
}
