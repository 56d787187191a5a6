import Foundation
import Paillier

extension KeygenCommand {
    /// Deals a threshold key and writes PREFIX.pub.json and PREFIX.share-1.json … PREFIX.share-L.json.
    func writeThresholdKey(threshold: Int, shares: Int) throws {
        let publicURL = URL(fileURLWithPath: out + ".pub.json")
        let shareURLs = (1...shares).map { URL(fileURLWithPath: "\(out).share-\($0).json") }
        for url in [publicURL] + shareURLs where !force && FileManager.default.fileExists(atPath: url.path) {
            throw CLIError("\(url.path) exists; pass --force to replace it")
        }
        let start = ContinuousClock.now
        let dealing = try ThresholdKeyGeneration.deal(bits: bits, threshold: threshold, shares: shares)
        let elapsed = ContinuousClock.now - start
        for share in dealing.shares {
            try share.write(to: shareURLs[share.index - 1])
        }
        try dealing.publicKey.jwkData().write(to: publicURL)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("wrote \(publicURL.path) (public, give it to the runtime and to whoever combines) and \(shares) shares \(out).share-1.json … \(out).share-\(shares).json (mode 0600, one per custodian)")
        print("key id: \(dealing.publicKey.keyID), dealing \(dealing.publicKey.dealingID): any \(threshold) of the \(shares) custodians decrypt; dealt in \(String(format: "%.1f", seconds)) s")
    }
}
