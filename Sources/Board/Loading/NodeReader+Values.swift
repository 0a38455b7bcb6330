// SensorGate — Board: numbers, flags, vectors, lists and scalar maps from YAML nodes.

import Yams

extension NodeReader {
    /// An optional number, range-checked.
    /// - Parameters:
    ///   - key: the key.
    ///   - range: the accepted range, for the message.
    ///   - unit: the unit, for the message.
    /// - Returns: the value, or nil when absent.
    /// - Throws: `BoardError` at the value.
    func optionalNumber(_ key: String, in range: ClosedRange<Double>? = nil, unit: String = "") throws(BoardError)
        -> Double?
    {
        guard let node = value(key) else { return nil }
        return try Self.number(node, file: file, name: key, in: range, unit: unit)
    }

    /// A number, or `fallback` when absent.
    /// - Parameters:
    ///   - key: the key.
    ///   - fallback: the default.
    ///   - range: the accepted range.
    ///   - unit: the unit, for the message.
    /// - Returns: the value.
    /// - Throws: `BoardError` at the value.
    func number(_ key: String, default fallback: Double, in range: ClosedRange<Double>? = nil, unit: String = "")
        throws(BoardError) -> Double
    {
        try optionalNumber(key, in: range, unit: unit) ?? fallback
    }

    /// An optional boolean (`true`/`false`, `yes`/`no`, `on`/`off`).
    /// - Parameter key: the key.
    /// - Returns: the value, or nil.
    /// - Throws: `BoardError` at the value.
    func optionalFlag(_ key: String) throws(BoardError) -> Bool? {
        guard let node = value(key) else { return nil }
        switch node.scalar?.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw BoardError.at(node, file: file, "'\(key)' must be true or false")
        }
    }

    /// An optional three-component vector `[x, y, z]`.
    /// - Parameter key: the key.
    /// - Returns: the components, or nil.
    /// - Throws: `BoardError` at the value.
    func optionalVector(_ key: String) throws(BoardError) -> [Double]? {
        guard let node = value(key) else { return nil }
        guard let items = node.sequence, items.count == 3 else {
            throw BoardError.at(node, file: file, "'\(key)' must be a list of three numbers, [x, y, z]")
        }
        var result: [Double] = []
        for item in items { result.append(try Self.number(item, file: file, name: key, in: nil, unit: "")) }
        return result
    }

    /// An optional list of mappings, each read with its own reader.
    /// - Parameter key: the key.
    /// - Returns: the readers, or nil when absent.
    /// - Throws: `BoardError` when the value is not a list of mappings.
    func optionalList(_ key: String) throws(BoardError) -> [NodeReader]? {
        guard let node = value(key) else { return nil }
        guard let items = node.sequence else {
            throw BoardError.at(node, file: file, "'\(key)' must be a list (lines starting with '- ')")
        }
        var readers: [NodeReader] = []
        for (index, item) in items.enumerated() {
            let name = path.isEmpty ? "\(key)[\(index)]" : "\(path).\(key)[\(index)]"
            readers.append(try NodeReader(file: file, node: item, path: name, lines: lines))
        }
        return readers
    }

    /// The mapping's entries as scalar strings, each with its value node (settings and trims).
    /// - Returns: key, value and value node, in file order.
    /// - Throws: `BoardError` when a value is not a single scalar.
    func scalars() throws(BoardError) -> [(key: String, value: String, node: Node)] {
        var result: [(String, String, Node)] = []
        for key in keys {
            guard let node = value(key) else { continue }
            guard let scalar = node.scalar else {
                throw BoardError.at(node, file: file, "'\(key)' must be a single value, not a list or mapping")
            }
            result.append((key, scalar.string, node))
        }
        return result
    }

    /// A number from a scalar node.
    static func number(_ node: Node, file: String, name: String, in range: ClosedRange<Double>?, unit: String)
        throws(BoardError) -> Double
    {
        guard let text = node.scalar?.string, let value = Double(text), value.isFinite else {
            throw BoardError.at(node, file: file, "'\(name)' must be a number\(unit.isEmpty ? "" : " in \(unit)")")
        }
        if let range, !range.contains(value) {
            throw BoardError.at(
                node, file: file,
                "'\(name)' must be from \(range.lowerBound) to \(range.upperBound)\(unit.isEmpty ? "" : " \(unit)")")
        }
        return value
    }
}
