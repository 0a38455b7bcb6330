// SensorGate — Board: validating a device's `batch:` and the board's `storage:`, `upstream:` and
// `identity:` sections.

import Foundation
import HAL

extension BoardLoader {
    static let batchKeys = ["interval", "priority", "raw"]
    static let storageKeys = ["state-dir", "max-bytes", "max-age", "policy"]
    static let upstreamKeys = [
        "protocol", "url", "username", "password-file", "password-env", "ca-file", "operator-key-file",
    ]
    static let identityKeys = ["key-file", "seal"]

    /// A device's `batch:` section.
    static func deviceBatching(_ reader: NodeReader) throws(BoardError) -> DeviceBatching {
        var batching = DeviceBatching()
        guard let batch = try reader.mapping("batch") else { return batching }
        try batch.rejectUnknownKeys(batchKeys)
        batching.location = where_(batch)
        batching.interval =
            try batch.optionalDuration("interval", in: .milliseconds(100)...(.seconds(86_400))) ?? batching.interval
        batching.priority = try choice(batch, "priority", BatchPriorityKind.self) ?? batching.priority
        batching.raw = try batch.optionalFlag("raw") ?? true
        return batching
    }

    /// The board's `storage:` section.
    static func storage(_ reader: NodeReader) throws(BoardError) -> StorageDescription {
        try reader.rejectUnknownKeys(storageKeys)
        var storage = StorageDescription()
        storage.location = where_(reader)
        if let directory = try reader.optionalString("state-dir") {
            guard !directory.isEmpty else {
                throw BoardError.at(reader.value("state-dir") ?? reader.node, file: reader.file, "'state-dir' is empty")
            }
            storage.stateDirectory = directory
        }
        storage.maxBytes = try reader.optionalBytes("max-bytes", in: (64 << 10)...(Int64(1) << 40)) ?? storage.maxBytes
        storage.maxAge =
            try reader.optionalDuration("max-age", in: .seconds(60)...(.seconds(3650 * 86_400))) ?? storage.maxAge
        storage.policy = try choice(reader, "policy", StoragePolicy.self) ?? storage.policy
        return storage
    }

    /// The board's `upstream:` section.
    static func upstream(_ reader: NodeReader) throws(BoardError) -> UpstreamDescription {
        try reader.rejectUnknownKeys(upstreamKeys)
        guard let kind = try choice(reader, "protocol", UpstreamProtocol.self) else {
            throw BoardError.at(reader.node, file: reader.file, "'upstream.protocol' is required (mqtt or coap)")
        }
        let url = try reader.string("url")
        let scheme = url.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        guard url.contains("://"), kind.schemes.contains(scheme) else {
            throw BoardError.at(
                reader.value("url") ?? reader.node, file: reader.file,
                "'url' must start with \(kind.schemes.map { $0 + "://" }.joined(separator: " or ")) for protocol \(kind.rawValue)"
            )
        }
        var upstream = UpstreamDescription(upstreamProtocol: kind, url: url, location: where_(reader))
        upstream.username = try reader.optionalString("username")
        let file = try reader.optionalString("password-file")
        let environment = try reader.optionalString("password-env")
        switch (file, environment) {
        case (let file?, nil): upstream.password = .file(resolve(file, against: reader.file))
        case (nil, let name?): upstream.password = .environment(name)
        case (nil, nil): break
        case (_?, _?):
            throw BoardError.at(
                reader.keyNode("password-env") ?? reader.node, file: reader.file,
                "give 'password-file' or 'password-env', not both")
        }
        upstream.caFile = try reader.optionalString("ca-file").map { resolve($0, against: reader.file) }
        upstream.operatorKeyFile = try reader.optionalString("operator-key-file").map {
            resolve($0, against: reader.file)
        }
        return upstream
    }

    /// The board's `identity:` section.
    static func identity(_ reader: NodeReader) throws(BoardError) -> IdentityDescription {
        try reader.rejectUnknownKeys(identityKeys)
        var identity = IdentityDescription()
        identity.location = where_(reader)
        if let keyFile = try reader.optionalString("key-file") {
            guard (keyFile as NSString).lastPathComponent == "device.key" else {
                throw BoardError.at(
                    reader.value("key-file") ?? reader.node, file: reader.file,
                    "'key-file' must name a device.key file, as sensorgate keygen --out DIR writes it")
            }
            identity.keyFile = keyFile
        }
        identity.seal = try reader.optionalFlag("seal") ?? false
        return identity
    }

    /// One of an enumeration's raw values, with a did-you-mean.
    static func choice<Choice: RawRepresentable & CaseIterable>(
        _ reader: NodeReader, _ key: String, _ type: Choice.Type
    ) throws(BoardError) -> Choice? where Choice.RawValue == String {
        guard let text = try reader.optionalString(key) else { return nil }
        guard let value = Choice(rawValue: text) else {
            let names = Choice.allCases.map(\.rawValue)
            throw BoardError.at(
                reader.value(key) ?? reader.node, file: reader.file,
                "unknown \(key) '\(text)'\(Suggestions.hint(for: text, in: names)); use \(names.joined(separator: ", "))"
            )
        }
        return value
    }

    /// A path relative to the board file's folder, unless absolute.
    private static func resolve(_ path: String, against boardFile: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        let folder = (boardFile as NSString).deletingLastPathComponent
        return folder.isEmpty ? path : folder + "/" + path
    }

    static func where_(_ reader: NodeReader) -> SourceLocation {
        SourceLocation(file: reader.file, line: reader.node.mark?.line ?? 0, column: reader.node.mark?.column ?? 0)
    }
}
