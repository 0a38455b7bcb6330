#!/usr/bin/env python3
"""SensorGate fusion benchmark on the BROAD trials in ../shared/data/imu.

Runs our filters through `sensorgate fuse` and the public peers in Python, with and without the magnetometer,
and prints the BROAD metric (total, heading and inclination RMSE in degrees over movement = 1 samples) and the
samples per second each run reached.

Peers (install once; this script installs nothing):  pip install vqf imufusion ahrs numpy
Usage:  Scripts/bench_fusion.py --sensorgate .build/release/sensorgate [--data ../shared/data/imu] [--only NAME,...]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

TRIALS = [
    "02_undisturbed_slow_rotation_B",
    "09_undisturbed_fast_rotation_with_breaks_B",
    "16_undisturbed_fast_translation_B",
    "30_disturbed_stationary_magnet_C",
]
OURS = ["sensorgate", "madgwick", "mahony"]


def qmul(a, b):
    w1, x1, y1, z1 = a.T
    w2, x2, y2, z2 = b.T
    return np.stack([
        w1 * w2 - x1 * x2 - y1 * y2 - z1 * z2,
        w1 * x2 + x1 * w2 + y1 * z2 - z1 * y2,
        w1 * y2 - x1 * z2 + y1 * w2 + z1 * x2,
        w1 * z2 + x1 * y2 - y1 * x2 + z1 * w2,
    ], axis=1)


def conj(q):
    return q * np.array([1, -1, -1, -1])


def errors(q_est, q_gt, movement, remove_heading):
    """BROAD metric: e = q_est ⊗ q_gt⁻¹ over movement samples; heading/inclination split about the ENU z axis."""
    ok = (movement == 1) & np.all(np.isfinite(q_gt), axis=1) & np.all(np.isfinite(q_est), axis=1)
    e = qmul(q_est[ok], conj(q_gt[ok]))
    if remove_heading:
        # One constant heading offset, the one that minimises the heading error (circular mean).
        h = 2 * np.arctan2(e[:, 3], e[:, 0])
        offset = np.arctan2(np.mean(np.sin(h)), np.mean(np.cos(h)))
        rot = np.array([np.cos(-offset / 2), 0, 0, np.sin(-offset / 2)])
        e = qmul(np.tile(rot, (len(e), 1)), e)
    w = np.clip(np.abs(e[:, 0]), 0, 1)
    total = 2 * np.arccos(w)
    heading = np.abs(2 * np.arctan2(e[:, 3], e[:, 0]))
    heading = np.minimum(heading, 2 * np.pi - heading)
    incl = 2 * np.arccos(np.clip(np.sqrt(e[:, 0] ** 2 + e[:, 3] ** 2), 0, 1))
    rmse = lambda a: float(np.degrees(np.sqrt(np.mean(a ** 2))))
    return rmse(total), rmse(heading), rmse(incl)


def load(data, trial):
    imu = np.genfromtxt(os.path.join(data, trial + "_imu.csv"), delimiter=",", skip_header=1)
    gt = np.genfromtxt(os.path.join(data, trial + "_gt.csv"), delimiter=",", skip_header=1)
    return imu, gt[:, 1:5], gt[:, 5]


def run_ours(binary, name, path, mag):
    with tempfile.NamedTemporaryFile(suffix=".csv") as out:
        args = [binary, "fuse", "--input", path, "--filter", name, "--output", out.name] + ([] if mag else ["--no-mag"])
        start = time.perf_counter()
        subprocess.run(args, check=True)
        seconds = time.perf_counter() - start
        q = np.genfromtxt(out.name, delimiter=",", skip_header=1)[:, 1:5]
    return q, seconds  # includes reading and writing the CSV files


def run_peer(name, imu, mag):
    ts = float(np.median(np.diff(imu[:, 0])))
    gyr = np.ascontiguousarray(imu[:, 1:4])
    acc = np.ascontiguousarray(imu[:, 4:7])
    magn = np.ascontiguousarray(imu[:, 7:10])
    start = time.perf_counter()
    if name == "vqf":
        from vqf import VQF
        v = VQF(ts)
        out = v.updateBatch(gyr, acc, magn) if mag else v.updateBatch(gyr, acc)
        q = out["quat9D"] if mag else out["quat6D"]
    elif name == "imufusion":
        import imufusion
        settings = imufusion.AhrsSettings()  # library defaults, but ENU and our sample rate
        settings.convention = imufusion.CONVENTION_ENU
        settings.sample_rate = 1 / ts
        ahrs = imufusion.Ahrs()
        ahrs.set_settings(settings)
        bias = imufusion.Bias()
        bias_settings = imufusion.BiasSettings()
        bias_settings.sample_rate = 1 / ts
        bias.set_settings(bias_settings)
        q = np.empty((len(imu), 4))
        g_deg = np.degrees(gyr)
        a_g = acc / 9.81
        for i in range(len(imu)):
            g = bias.update(g_deg[i])
            if mag:
                ahrs.update(g, a_g[i], magn[i])
            else:
                ahrs.update_no_magnetometer(g, a_g[i])
            q[i] = ahrs.get_quaternion()
    elif name in ("ahrs-madgwick", "ahrs-mahony"):
        from ahrs.filters import Madgwick, Mahony
        cls = Madgwick if name == "ahrs-madgwick" else Mahony
        f = cls(gyr=gyr, acc=acc, mag=magn if mag else None, frequency=1 / ts)
        q = np.asarray(f.Q)
        if mag and name == "ahrs-madgwick":
            # ahrs' Madgwick uses North-West-Up for MARG; turn into ENU.
            c = np.sqrt(0.5)
            q = qmul(np.tile([c, 0, 0, c], (len(q), 1)), q)
    else:
        raise ValueError(name)
    return np.asarray(q, dtype=float), time.perf_counter() - start


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sensorgate", default=os.path.join(here, "..", ".build", "release", "sensorgate"))
    parser.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data", "imu"))
    parser.add_argument("--only", default="", help="comma-separated filter names")
    args = parser.parse_args()
    peers = ["vqf", "imufusion", "ahrs-madgwick", "ahrs-mahony"]
    names = OURS + peers
    if args.only:
        names = [n for n in names if n in args.only.split(",")]
    summary = {}
    for trial in TRIALS:
        imu, gt, movement = load(args.data, trial)
        print(f"\n{trial}  ({len(imu)} samples)")
        print(f"  {'filter':<16}{'mag':>4}{'total°':>9}{'heading°':>10}{'incl°':>8}{'samples/s':>12}")
        for name in names:
            for mag in (True, False):
                try:
                    if name in OURS:
                        q, seconds = run_ours(args.sensorgate, name, os.path.join(args.data, trial + "_imu.csv"), mag)
                    else:
                        q, seconds = run_peer(name, imu, mag)
                except ImportError as error:
                    print(f"  {name:<16} skipped: {error} (pip install vqf imufusion ahrs)")
                    break
                total, heading, incl = errors(q, gt, movement, remove_heading=not mag)
                summary.setdefault((name, mag), []).append(total)
                rate = len(imu) / seconds
                print(f"  {name:<16}{'9' if mag else '6':>4}{total:9.2f}{heading:10.2f}{incl:8.2f}{rate:12.3g}")
    print("\nmean total RMSE over the trials (°)")
    for (name, mag), values in summary.items():
        print(f"  {name:<16}{'9' if mag else '6':>4}{np.mean(values):9.2f}   " + " ".join(f"{v:6.2f}" for v in values))


if __name__ == "__main__":
    sys.exit(main())
