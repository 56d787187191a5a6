import ArgumentParser
import PrivacyRuntime

/// A command that needs the build's stage registry (its stages, plugins and aggregate readers).
///
/// ArgumentParser creates commands itself, so the entry point hands the registry to `run(registry:)`
/// instead of a global.
public protocol RegistryCommand: ParsableCommand {
    /// Runs the command with the registry the build assembled.
    func run(registry: StageRegistry) async throws
}

extension RegistryCommand {
    /// Not used: `PrivacyRuntimeCLI.main(registry:)` calls `run(registry:)`.
    public func run() throws {
        throw CLIError("\(Self._commandName) needs the stage registry; start it through PrivacyRuntimeCLI.main(registry:)")
    }
}
