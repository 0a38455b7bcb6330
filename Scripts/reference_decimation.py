#!/usr/bin/env python3
"""Reference anti-alias FIR taps and decimated output from scipy.signal, for Edge's Decimator.

Writes Tests/EdgeTests/DecimationReference.swift. Run from the repository root:

    python3 Scripts/reference_decimation.py > Tests/EdgeTests/DecimationReference.swift
    swift format format -i Tests/EdgeTests/DecimationReference.swift

Taps: scipy.signal.firwin(20*M + 1, 1/M, window="hamming") for M = 2, 4, 5. Output: scipy.signal.lfilter with
those taps, started in the steady state of the first sample (zi = lfilter_zi(taps, 1) * x[0]), on the test
signal below, every M-th sample from the first.
"""

import numpy as np
import scipy
import scipy.signal


def signal(n):
    """The test signal, also computed in DecimatorTests.swift: two tones, one above the new Nyquist."""
    i = np.arange(n, dtype=float)
    return np.sin(0.05 * i) + 0.5 * np.sin(2.9 * i) + 0.25 * np.cos(1.3 * i + 0.2)


def swift_list(values):
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def main():
    print("// SensorGate — Edge tests: reference decimation from scipy.signal. GENERATED, do not edit:")
    print("//   python3 Scripts/reference_decimation.py > Tests/EdgeTests/DecimationReference.swift")
    print("//   swift format format -i Tests/EdgeTests/DecimationReference.swift")
    print(f"// numpy {np.__version__}, scipy {scipy.__version__}.")
    print()
    print("/// Per factor M: firwin's taps, and lfilter's output decimated by M over 400 input samples.")
    print("let decimationReference: [(factor: Int, taps: [Double], output: [Double])] = [")
    x = signal(400)
    for m in (2, 4, 5):
        taps = scipy.signal.firwin(20 * m + 1, 1 / m, window="hamming")
        zi = scipy.signal.lfilter_zi(taps, [1.0]) * x[0]
        y, _ = scipy.signal.lfilter(taps, [1.0], x, zi=zi)
        y = y[::m]
        print(f"    (factor: {m}, taps: {swift_list(taps)}, output: {swift_list(y)}),")
    print("]")


if __name__ == "__main__":
    main()
