import Foundation

/// A fresh directory per test, removed afterwards.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("runtime-test-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
    }

    /// The JSON objects of every file in the directory whose name starts with `prefix`.
    func jsonLines(prefix: String) throws -> [[String: Any]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasPrefix(prefix) }.sorted()
        return try names.flatMap { name in
            try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").map {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
            }
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
