// SensorGate — Board: typed, position-aware reading of YAML nodes.

import Yams

/// Reads one YAML mapping, remembering positions for errors and rejecting keys it was not asked for.
struct NodeReader {
    let file: String
    let node: Node
    let path: String
    /// The file's lines, to tell flow mappings (`{…}`) from block ones (Yams's composer drops the style).
    let lines: [Substring]
    private let pairs: [(key: String, keyNode: Node, value: Node)]

    init(file: String, node: Node, path: String, lines: [Substring]) throws(BoardError) {
        self.file = file
        self.node = node
        self.path = path
        self.lines = lines
        guard let mapping = node.mapping else {
            throw BoardError.at(
                node, file: file, "\(path.isEmpty ? "the file" : "'\(path)'") must be a mapping of keys")
        }
        var pairs: [(String, Node, Node)] = []
        for (key, value) in mapping {
            guard let name = key.string else {
                throw BoardError.at(key, file: file, "keys must be plain words")
            }
            if pairs.contains(where: { $0.0 == name }) {
                throw BoardError.at(
                    key, file: file, "'\(name)' appears twice in \(path.isEmpty ? "the file" : "'\(path)'")")
            }
            pairs.append((name, key, value))
        }
        self.pairs = pairs
    }

    /// The keys present, in file order.
    var keys: [String] { pairs.map(\.key) }

    /// Fails on any key not in `allowed`, suggesting the nearest allowed one.
    func rejectUnknownKeys(_ allowed: [String]) throws(BoardError) {
        for pair in pairs where !allowed.contains(pair.key) {
            let place = path.isEmpty ? "at the top level" : "in '\(path)'"
            // In a flow mapping ({a: b, c}) a comma separates entries, so `bosch,bmp280` splits in two.
            // A key without a value in a flow mapping is what a split `bosch,bmp280` leaves behind.
            let flow =
                isFlowMapping && (pair.value.scalar?.string ?? "x").isEmpty
                ? " (inside {…} a comma separates entries: quote values that contain one, as \"bosch,bmp280\")" : ""
            throw BoardError.at(
                pair.keyNode, file: file,
                "unknown key '\(pair.key)' \(place)\(Suggestions.hint(for: pair.key, in: allowed)); "
                    + "expected one of: \(allowed.joined(separator: ", "))\(flow)")
        }
    }

    /// Whether the mapping is written in flow style, `{key: value, …}`.
    var isFlowMapping: Bool {
        guard let mark = node.mark, mark.line >= 1, mark.line <= lines.count else { return false }
        let line = lines[mark.line - 1]
        return line.unicodeScalars.dropFirst(mark.column - 1).first == "{"
    }

    /// The value node of `key`, if present.
    func value(_ key: String) -> Node? { pairs.first { $0.key == key }?.value }

    /// The key node of `key`, for pointing at it.
    func keyNode(_ key: String) -> Node? { pairs.first { $0.key == key }?.keyNode }

    /// A required string.
    func string(_ key: String) throws(BoardError) -> String {
        guard let value = value(key) else {
            throw BoardError.at(node, file: file, "'\(path.isEmpty ? key : path + "." + key)' is required")
        }
        return try Self.string(value, file: file, name: key)
    }

    /// An optional string.
    func optionalString(_ key: String) throws(BoardError) -> String? {
        guard let value = value(key) else { return nil }
        return try Self.string(value, file: file, name: key)
    }

    /// An optional integer written in decimal or with a `0x` prefix.
    func optionalInteger(_ key: String) throws(BoardError) -> (value: Int, node: Node)? {
        guard let value = value(key) else { return nil }
        let text = try Self.string(value, file: file, name: key)
        let parsed = text.hasPrefix("0x") || text.hasPrefix("0X") ? Int(text.dropFirst(2), radix: 16) : Int(text)
        guard let parsed else {
            throw BoardError.at(value, file: file, "'\(key)' must be an integer such as 118 or 0x76, not '\(text)'")
        }
        return (parsed, value)
    }

    /// A nested mapping, read with its own reader.
    func mapping(_ key: String) throws(BoardError) -> NodeReader? {
        guard let value = value(key) else { return nil }
        return try NodeReader(file: file, node: value, path: path.isEmpty ? key : path + "." + key, lines: lines)
    }

    /// The entries of a mapping-of-mappings (`buses:`, `devices:`), in file order, each with its name.
    func entries() throws(BoardError) -> [(name: String, reader: NodeReader)] {
        var result: [(String, NodeReader)] = []
        for pair in pairs {
            let prefix = path.isEmpty ? pair.key : path + "." + pair.key
            result.append((pair.key, try NodeReader(file: file, node: pair.value, path: prefix, lines: lines)))
        }
        return result
    }

    private static func string(_ node: Node, file: String, name: String) throws(BoardError) -> String {
        guard let scalar = node.scalar else {
            throw BoardError.at(node, file: file, "'\(name)' must be a single value, not a list or mapping")
        }
        return scalar.string
    }
}

extension BoardError {
    /// An error at a node's position.
    static func at(_ node: Node, file: String, _ message: String) -> BoardError {
        BoardError(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0, message: message)
    }
}
