import Foundation

/// A temporary folder holding copies of the shipped policies whose outputs point into it.
struct Workspace {
    /// The temporary folder.
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("privacy-runtime-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// A shipped file's URL, from the package root.
    static func shipped(_ path: String) -> URL {
        CLIProcess.packageRoot.appendingPathComponent(path)
    }

    /// Copies `policies/NAME` here, with example paths made absolute and `../out/` sent to this folder,
    /// then applies `edits` (plain text replacements) to it.
    func policy(_ name: String, edits: [(String, String)] = []) throws -> URL {
        var text = try String(contentsOf: Self.shipped("policies/\(name)"), encoding: .utf8)
        text = text.replacingOccurrences(of: "../examples/", with: Self.shipped("examples").path + "/")
        text = text.replacingOccurrences(of: "../out/", with: folder.path + "/")
        for (old, new) in edits {
            precondition(text.contains(old), "policy \(name) has no '\(old)' to replace")
            text = text.replacingOccurrences(of: old, with: new)
        }
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Writes `text` to a file here and returns its URL.
    func file(_ name: String, _ text: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The example's readings from 00:00 to 02:00 (one 2h billing window per meter, two 1h regional
    /// windows per region), as `two-hours.csv` here.
    func twoHoursOfExampleData() throws -> URL {
        let lines = try String(contentsOf: Self.shipped("examples/data/readings.csv"), encoding: .utf8)
            .split(separator: "\n")
            .filter { $0.hasPrefix("meter_id,") || $0.contains("T00:") || $0.contains("T01:") }
        return try file("two-hours.csv", lines.joined(separator: "\n") + "\n")
    }

    /// A copy of the demo private key with mode 0600, as the key holder keeps it.
    func demoPrivateKey() throws -> URL {
        let url = folder.appendingPathComponent("demo-utility.key.json")
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.copyItem(at: Self.shipped("examples/keys/demo-utility.key.json"), to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        return url
    }

    /// Removes the folder.
    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}
