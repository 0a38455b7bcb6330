// SensorGate — Edge: the one error Edge throws: a setting it cannot work with.

/// A setting of an Edge processor is out of range. `setting` names it as the board file spells it
/// (`window-length`), `problem` says what is wrong and what would work.
public struct EdgeSettingsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The setting's name, as in the board file.
    public let setting: String
    /// What is wrong, and what would be accepted.
    public let problem: String

    /// Creates the error.
    /// - Parameters:
    ///   - setting: the setting's name.
    ///   - problem: what is wrong.
    public init(setting: String, problem: String) {
        self.setting = setting
        self.problem = problem
    }

    /// `setting: problem`.
    public var description: String { "\(setting): \(problem)" }
}
