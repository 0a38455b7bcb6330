// SensorGate — Board: errors that point at the board file.

/// A problem with a board file, pointing at the place in the file.
public struct BoardError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, as given.
    public var file: String
    /// The line, from 1; 0 when the problem is with the file as a whole.
    public var line: Int
    /// The column, from 1; 0 when unknown.
    public var column: Int
    /// What is wrong and what is expected.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - file: the file.
    ///   - line: the line, from 1.
    ///   - column: the column, from 1.
    ///   - message: what is wrong and what is expected.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, or `file: message` without a position.
    public var description: String {
        line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)"
    }
}
