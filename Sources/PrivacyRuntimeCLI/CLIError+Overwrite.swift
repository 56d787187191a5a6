import Foundation

extension CLIError {
    /// Fails when one of `paths` exists: `command` writes new files only (keys and signed files are never replaced).
    static func refuseOverwriting(_ paths: [String], command: String) throws {
        for path in paths where FileManager.default.fileExists(atPath: path) {
            throw CLIError("\(path) exists; \(command) never overwrites: remove it by hand or choose another --out")
        }
    }
}
