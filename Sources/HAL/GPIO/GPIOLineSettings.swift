// SensorGate — HAL: how a GPIO line is requested.

/// Internal bias of a GPIO line.
public enum GPIOBias: Sendable, Hashable {
    /// Leave the bias as the hardware or device tree set it.
    case asIs
    /// No bias.
    case disabled
    /// Internal pull-up.
    case pullUp
    /// Internal pull-down.
    case pullDown
}

/// Output drive of a GPIO line.
public enum GPIODrive: Sendable, Hashable {
    /// Drives both levels.
    case pushPull
    /// Drives low only; high is released (needs a pull-up).
    case openDrain
    /// Drives high only; low is released.
    case openSource
}

/// Which edges of an input line produce events.
public enum GPIOEdgeDetection: Sendable, Hashable {
    /// No events.
    case none
    /// Inactive to active.
    case rising
    /// Active to inactive.
    case falling
    /// Both.
    case both
}

/// Settings for requesting a line. Defaults: push-pull, bias as is, active high, no events, no debounce.
public struct GPIOLineSettings: Sendable, Hashable {
    /// The name the kernel shows as the line's consumer. Default: `sensorgate`.
    public var consumer: String = "sensorgate"
    /// Internal bias. Default: `.asIs`.
    public var bias: GPIOBias = .asIs
    /// Output drive, for output lines. Default: `.pushPull`.
    public var drive: GPIODrive = .pushPull
    /// Whether the line's logical value is inverted (active low). Default: false.
    public var activeLow: Bool = false
    /// Edges that produce events, for input lines. Default: `.none`.
    public var edges: GPIOEdgeDetection = .none
    /// Debounce period in microseconds, for input lines; 0 disables. Needs libgpiod v2 and kernel
    /// support (uAPI v2); v1 rejects a non-zero value with `.unsupported`. Default: 0.
    public var debounceMicroseconds: UInt32 = 0

    /// The defaults listed on each property.
    public static let `default` = GPIOLineSettings()

    /// Creates settings.
    /// - Parameters:
    ///   - consumer: consumer label.
    ///   - bias: internal bias.
    ///   - drive: output drive.
    ///   - activeLow: invert the logical value.
    ///   - edges: edges that produce events.
    ///   - debounceMicroseconds: debounce period.
    public init(
        consumer: String = "sensorgate", bias: GPIOBias = .asIs, drive: GPIODrive = .pushPull,
        activeLow: Bool = false, edges: GPIOEdgeDetection = .none, debounceMicroseconds: UInt32 = 0
    ) {
        self.consumer = consumer
        self.bias = bias
        self.drive = drive
        self.activeLow = activeLow
        self.edges = edges
        self.debounceMicroseconds = debounceMicroseconds
    }
}
