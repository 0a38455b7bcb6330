#!/usr/bin/env python3
"""Reference vibration features computed with numpy/scipy, independently of Edge's Swift code.

Writes Tests/EdgeTests/VibrationReference.swift, the fixture that Tests/EdgeTests/VibrationTests.swift
compares VibrationAnalyzer with (to 1e-6 relative). Run from the repository root:

    python3 Scripts/reference_vibration.py ../shared/data/series/vib_cwru_12khz.csv > Tests/EdgeTests/VibrationReference.swift
    swift format format -i Tests/EdgeTests/VibrationReference.swift

The definitions follow docs/edge.md: mean removed; Pearson kurtosis (scipy.stats.kurtosis, fisher=False);
periodic Hann (scipy.signal.get_window); P_k = c_k |X_k|^2 / (N sum w^2), A_k = c_k |X_k| / sum w with
c_k = 2 except DC and N/2; band bins k from ceil(lo N / fs) up to ceil(hi N / fs); velocity RMS from
sum P_k / (2 pi f_k)^2; envelope = |analytic signal of the band| from numpy.fft.fft / ifft.
"""

import sys

import numpy as np
import scipy.signal
import scipy.stats

RATE_HZ = 12000.0
G = 9.80665
DE_LSB_G = 0.00016243512974  # manifest.json: de_code lsb
TRAIN_ROWS = 122571  # manifest.json: train_rows (ball fault B007 | inner race IR007, both ~1797 rpm)
N = 4096
HOP = 2048
VELOCITY_BAND = (10.0, 1000.0)
BANDS = [(10.0, 1000.0), (1000.0, 3000.0), (3000.0, 6000.0)]
ENVELOPE_BAND = (RATE_HZ / 6, 0.4 * RATE_HZ)
SHAFT_HZ = 1797 / 60
BALLS, BALL_MM, PITCH_MM = 9, 7.94, 39.04
HALF_WIDTH = 0.03
HARMONICS = 3
WINDOWS = [0, 1, 2, 30]  # plus the last whole window of each split


def bins(lo, hi):
    last = N // 2 + 1
    k0 = int(min(max(np.ceil(lo * N / RATE_HZ), 0), last))
    k1 = int(min(max(np.ceil(hi * N / RATE_HZ), 0), last))
    return k0, max(k1, k0)


def power_amplitude(y, w):
    X = np.fft.rfft(y * w)
    c = np.full(N // 2 + 1, 2.0)
    c[0] = c[-1] = 1.0
    return c * np.abs(X) ** 2 / (N * np.sum(w * w)), c * np.abs(X) / np.sum(w)


def defect_sums(P):
    r = BALL_MM / PITCH_MM
    centres = [BALLS / 2 * SHAFT_HZ * (1 - r), BALLS / 2 * SHAFT_HZ * (1 + r),
               PITCH_MM / BALL_MM * SHAFT_HZ * (1 - r * r), SHAFT_HZ / 2 * (1 - r)]
    out = []
    for f in centres:
        total = 0.0
        for h in range(1, HARMONICS + 1):
            k0, k1 = bins(h * f * (1 - HALF_WIDTH), h * f * (1 + HALF_WIDTH))
            total += P[k0:k1].sum()
        out.append(total)
    return out


def features(x):
    w = scipy.signal.get_window("hann", N)
    d = x - x.mean()
    rms = np.sqrt(np.mean(d * d))
    peak = np.max(np.abs(d))
    kurt = scipy.stats.kurtosis(d, fisher=False, bias=True)
    P, A = power_amplitude(d, w)
    f = np.arange(N // 2 + 1) * RATE_HZ / N
    k0, k1 = bins(*VELOCITY_BAND)
    velocity = np.sqrt(np.sum(P[k0:k1] / (2 * np.pi * f[k0:k1]) ** 2)) * 1000
    bands = [P[slice(*bins(lo, hi))].sum() for lo, hi in BANDS]
    X = np.fft.fft(d)
    H = np.zeros(N)
    e0, e1 = bins(*ENVELOPE_BAND)
    H[e0:e1] = 2.0
    env = np.abs(np.fft.ifft(X * H))
    PE, _ = power_amplitude(env - env.mean(), w)
    top = np.argsort(A)[-8:][::-1]
    return dict(rms=rms, peak=peak, crest=peak / rms, kurtosis=kurt, velocity=velocity, bands=bands,
                defects=defect_sums(P), envelopeDefects=defect_sums(PE), envelopeMS=PE[1:].sum(),
                amplitudeSum=A.sum(), topBins=[int(k) for k in top], topAmplitudes=[A[k] for k in top])


def swift_list(values):
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def main():
    codes = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1, usecols=0)
    accel = codes * DE_LSB_G * G
    splits = {"ballFault": accel[:TRAIN_ROWS], "innerRace": accel[TRAIN_ROWS:]}
    print("// SensorGate — Edge tests: reference vibration features from numpy/scipy. GENERATED, do not edit:")
    print("//   python3 Scripts/reference_vibration.py ../shared/data/series/vib_cwru_12khz.csv \\")
    print("//     > Tests/EdgeTests/VibrationReference.swift")
    print("//   swift format format -i Tests/EdgeTests/VibrationReference.swift")
    print(f"// numpy {np.__version__}, scipy {scipy.__version__}; drive-end channel, m/s² = code × {DE_LSB_G} × {G}.")
    print()
    print("/// One window's features as numpy/scipy computed them.")
    print("struct VibrationReferenceWindow {")
    for name in ["split: String", "window: Int", "rms: Double", "peak: Double", "crest: Double",
                 "kurtosis: Double", "velocity: Double", "bands: [Double]", "defects: [Double]",
                 "envelopeDefects: [Double]", "envelopeMS: Double", "amplitudeSum: Double", "topBins: [Int]",
                 "topAmplitudes: [Double]"]:
        print(f"    let {name}")
    print("}")
    print()
    print("/// The reference windows (window i starts at sample i·hop of its split).")
    print("let vibrationReference: [VibrationReferenceWindow] = [")
    for split, x in splits.items():
        last = (len(x) - N) // HOP
        for i in WINDOWS + [last]:
            r = {k: (float(v) if np.isscalar(v) and not isinstance(v, int) else v)
                 for k, v in features(x[i * HOP:i * HOP + N]).items()}
            print(f"    VibrationReferenceWindow(")
            print(f"        split: \"{split}\", window: {i}, rms: {r['rms']!r}, peak: {r['peak']!r}, crest: {r['crest']!r},")
            print(f"        kurtosis: {r['kurtosis']!r}, velocity: {r['velocity']!r},")
            print(f"        bands: {swift_list(r['bands'])},")
            print(f"        defects: {swift_list(r['defects'])},")
            print(f"        envelopeDefects: {swift_list(r['envelopeDefects'])},")
            print(f"        envelopeMS: {r['envelopeMS']!r}, amplitudeSum: {r['amplitudeSum']!r},")
            print(f"        topBins: {r['topBins']},")
            print(f"        topAmplitudes: {swift_list(r['topAmplitudes'])}),")
    print("]")


if __name__ == "__main__":
    main()
