import Paillier
import Policy

extension StageRegistry {
    /// The stages every build has: `csv`, `jsonl`, `stdin`, `simulate` sources; the `paillier` encryptor; the
    /// `sum` aggregator; the `zeroize` purge; `stdout` and `jsonl` sinks; and the `jsonl` aggregate reader.
    public static var builtIn: StageRegistry {
        var registry = StageRegistry()
        for format in LineFormat.allCases {
            registry.register(source: format.rawValue) { options in
                let path = options.requiredPath("path")
                let names = options.columnNames()
                let maxLine = options.maxLineBytes()
                guard let path else { return nil }
                return { _ in try LineFileSource(path: path.path, format: format, names: names, maxLineBytes: maxLine) }
            }
        }
        registry.register(source: "stdin") { options in
            let format = options.choice("format", default: LineFormat.csv)
            let names = options.columnNames()
            let maxLine = options.maxLineBytes()
            return { _ in LineFileSource(standardInputFormat: format, names: names, maxLineBytes: maxLine) }
        }
        registry.register(source: "simulate") { options in
            guard let fleet = options.simulatedFleet() else { return nil }
            return { _ in SimulateSource(fleet: fleet) }
        }
        registry.register(encryptor: "paillier") { options in
            guard let keyURL = options.requiredPath("public_key") else { return nil }
            let obfuscation = options.choice("obfuscation", default: Obfuscation.djn)
            let mode = options.choice("mode", default: EncryptionMode.perReading)
            options.outline.encryptionMode = mode
            let publicKey: PaillierPublicKey
            do {
                publicKey = try PaillierPublicKey.load(contentsOf: keyURL)
            } catch {
                options.error("\(error)", at: "public_key")
                return nil
            }
            options.outline.key = StageOutline.KeyOutline(
                id: publicKey.label.map { "\(publicKey.keyID) '\($0)'" } ?? publicKey.keyID,
                isDemo: publicKey.label?.lowercased().contains("demo") ?? false, bits: publicKey.bits, file: keyURL)
            return { _ in try PaillierEncryptorStage(publicKey: publicKey, obfuscation: obfuscation, mode: mode) }
        }
        registry.register(aggregator: "sum") { _ in { _ in SumAggregator() } }
        registry.register(purger: "zeroize") { _ in { _ in ZeroizePurger() } }
        registry.register(sink: "stdout") { options in
            let format = options.choice("format", default: StdoutFormat.compact)
            return { _ in StdoutSink(format: format) }
        }
        registry.register(sink: "jsonl") { options in
            guard let path = options.requiredPath("path") else { return nil }
            options.outline.file = path
            return { _ in try JSONLSink(path: path.path) }
        }
        registry.aggregateReaders.register("jsonl") { path in JSONLAggregateReader(path: path) }
        return registry
    }
}
