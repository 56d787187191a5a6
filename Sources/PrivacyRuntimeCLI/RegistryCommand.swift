import ArgumentParser

/// `privacy-runtime registry`: the tools of the meter registry: the authority's key, a signed registry, and the keys
/// and signed readings of a test fleet.
struct RegistryCommand: AsyncParsableCommand {
    /// The command's name, help and subcommands.
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Make and sign a meter registry (for the registry authority, never the key holder), and test-fleet keys.",
        subcommands: [
            RegistryKeygenCommand.self, RegistrySignCommand.self, FleetKeysCommand.self, SignReadingsCommand.self,
            RegistryBenchCommand.self,
        ])
}
