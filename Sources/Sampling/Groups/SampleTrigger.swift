// SensorGate — Sampling: what makes a rate group take its samples.

import HAL

/// What starts each sample of a rate group.
public enum SampleTrigger {
    /// The sampler reads the sensors at each absolute deadline of the group's rate.
    case polled
    /// The chip raises `line` when a sample is ready; the sampler reads it then and dates the sample
    /// with the edge's kernel timestamp. The group's rate is the chip's output data rate: the
    /// sampler wakes a little before each expected edge and waits on the line.
    case dataReady(line: any GPIOInputLine)
    /// The chip collects samples in its FIFO; the sampler drains it when `watermark` rises, or at
    /// the group's rate when there is no line. Samples are back-dated from the output data rate by
    /// the driver, corrected by the drain time.
    case fifo(watermark: (any GPIOInputLine)?)

    /// `polled`, `data-ready` or `fifo`, as board files and reports name it.
    public var name: String {
        switch self {
        case .polled: "polled"
        case .dataReady: "data-ready"
        case .fifo: "fifo"
        }
    }

    /// The line the group waits on, if any.
    var line: (any GPIOInputLine)? {
        switch self {
        case .polled: nil
        case .dataReady(let line): line
        case .fifo(let line): line
        }
    }
}
