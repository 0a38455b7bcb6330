#!/usr/bin/env python3
"""Peer compressors for the batch-codec benchmark, on the integer codes sensorgate exported.

    python3 Scripts/bench_codec_peers.py CODES_DIR > peers.json

CODES_DIR is what `sensorgate bench codec --export-codes CODES_DIR` writes: index.json and, per
series, <id>.train.i32 and <id>.test.i32 (int32 little-endian, row-major: rows x channels). The
codes are exactly the ones our codec is scored on; nothing is re-derived from the CSV here.

Each peer compresses every test batch on its own (as a gateway would ship it) and the bytes are
summed per series x batch size. A series with explicit timestamps (CODES_DIR also holds <id>.test.t64,
the rows' times in µs as int64) is scored twice: "bytes", where every peer also codes the time column as
one more column (as our codec codes the times), and "bytes_codes_only", the channel codes alone. What is
counted for each peer:

- flac: Debian's `flac --best` over the batch as raw interleaved PCM (all channels of the series in
  one stream, 16-bit when every code of the series fits, else 24-bit), `--no-padding
  --no-seektable`; only the FLAC frames are counted: the "fLaC" marker and every metadata block
  (STREAMINFO and the VORBIS_COMMENT that flac always writes) are parsed and subtracted.
- pcodec: standalone format (pcodec.standalone.simple_compress, default level), one call per
  channel per batch (int32 arrays; the time column as int64), all bytes counted.
- zstd-3, zstd-19: zstandard at that level, one frame per batch, without the checksum, content size
  or dictionary ID (fields a link protocol would carry anyway), all frame bytes counted.
- zstd-3-dict, zstd-19-dict: the same with a dictionary trained on the train split (cut into
  pieces of the batch size, halved until there are at least 32, laid out the same way; at most
  16 KiB, a tenth of the train split); the dictionary is shipped once and not counted.
- lz4: lz4.block without the size prefix, one block per batch.
- deflate: zlib level 9, raw deflate (no zlib header or checksum).
- raw: the batch as packed integers of the narrowest of 16/32 bits that holds every code of the
  series (int16 or int32).

The byte compressors (zstd, lz4, deflate) are given each batch in the narrowest little-endian
integer width that holds every code of the series, in both layouts (channel-major and row-major; the
time column in the narrowest of int32/int64, as one more column); the smaller total of the two layouts
is reported for each.
"""

import json
import os
import struct
import subprocess
import sys
import tempfile
import zlib

import lz4.block
import numpy as np
import pcodec
import zstandard
from pcodec import standalone


def flac_frame_bytes(pcm: bytes, channels: int, bps: int, rate: int, workdir: str) -> int:
    """Bytes of the FLAC frames that `flac --best` makes of one batch (metadata subtracted)."""
    raw = os.path.join(workdir, "batch.raw")
    out = os.path.join(workdir, "batch.flac")
    with open(raw, "wb") as f:
        f.write(pcm)
    subprocess.run(
        ["flac", "--best", "--silent", "--force", "--no-padding", "--no-seektable", "--force-raw-format",
         "--endian=little", "--sign=signed", f"--channels={channels}", f"--bps={bps}",
         f"--sample-rate={rate}", "-o", out, raw],
        check=True)
    with open(out, "rb") as f:
        data = f.read()
    if data[:4] != b"fLaC":
        raise RuntimeError("flac wrote no fLaC marker")
    offset = 4
    while True:
        header = data[offset]
        length = struct.unpack(">I", b"\0" + data[offset + 1:offset + 4])[0]
        offset += 4 + length
        if header & 0x80:
            break
    return len(data) - offset


def narrowest(codes: np.ndarray):
    """The numpy dtype of the narrowest of int16/int32 holding every code, and its bit count."""
    if codes.size == 0 or (codes.min() >= -32768 and codes.max() <= 32767):
        return np.dtype("<i2"), 16
    return np.dtype("<i4"), 32


def narrowest_time(times: np.ndarray):
    """The numpy dtype of the narrowest of int32/int64 holding every time, and its bit count."""
    if times.size == 0 or (times.min() >= -(1 << 31) and times.max() < (1 << 31)):
        return np.dtype("<i4"), 32
    return np.dtype("<i8"), 64


def layouts(batch: np.ndarray, dtype, times=None, tdtype=None) -> list:
    """The batch as bytes, channel-major and row-major; the time column (when given) is one more column in
    its own width: after the channels in channel-major order, at the end of every row in row-major order."""
    channel_major = np.ascontiguousarray(batch.T).astype(dtype).tobytes()
    if times is None:
        return [channel_major, np.ascontiguousarray(batch).astype(dtype).tobytes()]
    channel_major += times.astype(tdtype).tobytes()
    rows = np.zeros(len(batch), dtype=[("codes", dtype, (batch.shape[1],)), ("t", tdtype)])
    rows["codes"] = batch
    rows["t"] = times
    return [channel_major, rows.tobytes()]


def pcm_bytes(batch: np.ndarray, bps: int) -> bytes:
    """Interleaved little-endian PCM of `bps` bits (16, 24 or 32)."""
    if bps == 24:
        wide = batch.astype("<i4").tobytes()
        return b"".join(wide[i:i + 3] for i in range(0, len(wide), 4))
    return batch.astype("<i2" if bps == 16 else "<i4").tobytes()


def flac_bps_for(codes: np.ndarray) -> int:
    """FLAC's sample width for `codes`: 16, 24 or 32 bits, the narrowest that holds them all."""
    if codes.size == 0 or (codes.min() >= -32768 and codes.max() <= 32767):
        return 16
    if codes.min() >= -(1 << 23) and codes.max() < (1 << 23):
        return 24
    return 32


def score(batches, time_batches, train_batches, train_time_batches, channels, rate, everything, all_times,
          workdir) -> dict:
    """Every peer's bytes for the batches; with `time_batches` the time column is coded too."""
    dtype, bits = narrowest(everything)
    timed = time_batches is not None
    tdtype, tbits = narrowest_time(all_times) if timed else (None, 0)
    flac_bps = flac_bps_for(everything)
    totals = {}

    # FLAC: the channels as one stream; the time column either as a second, mono stream (32-bit) or as one
    # more channel of the same stream (then every channel is 32-bit). The smaller total counts.
    total = 0
    for b in batches:
        total += flac_frame_bytes(pcm_bytes(b, flac_bps), channels, flac_bps, rate, workdir)
    if timed:
        separate = total + sum(
            flac_frame_bytes(pcm_bytes(t.reshape(-1, 1), 32), 1, 32, rate, workdir) for t in time_batches)
        together = sum(
            flac_frame_bytes(pcm_bytes(np.column_stack([b.astype(np.int64), t]), 32), channels + 1, 32, rate, workdir)
            for b, t in zip(batches, time_batches))
        total = min(separate, together)
    totals["flac"] = total

    # pcodec: one chunk per column per batch; the time column as int64.
    config = pcodec.ChunkConfig()
    total = sum(
        len(standalone.simple_compress(np.ascontiguousarray(b[:, c]).astype(np.int32), config))
        for b in batches for c in range(channels))
    if timed:
        total += sum(len(standalone.simple_compress(np.ascontiguousarray(t).astype(np.int64), config))
                     for t in time_batches)
    totals["pcodec"] = total

    def laid(batch_list, time_list, layout):
        return [layouts(b, dtype, t, tdtype)[layout]
                for b, t in zip(batch_list, time_list if timed else [None] * len(batch_list))]

    # zstd with and without a trained dictionary
    for level in (3, 19):
        params = dict(write_checksum=False, write_content_size=False, write_dict_id=False)
        plain = zstandard.ZstdCompressor(level=level, **params)
        totals[f"zstd-{level}"] = min(
            sum(len(plain.compress(x)) for x in laid(batches, time_batches, layout)) for layout in range(2))
        best = None
        for layout in range(2):
            samples = laid(train_batches, train_time_batches, layout)
            dict_size = max(256, min(16384, sum(len(x) for x in samples) // 10))
            try:
                trained = zstandard.train_dictionary(dict_size, samples, level=level)
            except zstandard.ZstdError:
                continue
            with_dict = zstandard.ZstdCompressor(level=level, dict_data=trained, **params)
            size_dict = sum(len(with_dict.compress(x)) for x in laid(batches, time_batches, layout))
            best = size_dict if best is None else min(best, size_dict)
        if best is not None:
            totals[f"zstd-{level}-dict"] = best

    # lz4, deflate
    totals["lz4"] = min(
        sum(len(lz4.block.compress(x, mode="high_compression", compression=12, store_size=False))
            for x in laid(batches, time_batches, layout))
        for layout in range(2))
    totals["deflate"] = min(
        sum(len(deflate_raw(x)) for x in laid(batches, time_batches, layout)) for layout in range(2))

    totals[f"raw-int{bits}"] = (sum(b.size for b in batches) * bits + sum(len(b) for b in batches) * tbits) // 8
    return totals


def score_series(entry: dict, codes_dir: str, workdir: str) -> dict:
    channels = entry["channels"]
    test = np.fromfile(os.path.join(codes_dir, entry["test"]), dtype="<i4").reshape(-1, channels)
    train = np.fromfile(os.path.join(codes_dir, entry["train"]), dtype="<i4").reshape(-1, channels)
    timed = "test_times" in entry
    test_t = np.fromfile(os.path.join(codes_dir, entry["test_times"]), dtype="<i8") if timed else None
    train_t = np.fromfile(os.path.join(codes_dir, entry["train_times"]), dtype="<i8") if timed else None
    everything = np.concatenate([train, test])
    all_times = np.concatenate([train_t, test_t]) if timed else None
    rate = max(1, int(round(entry["rate_hz"])))
    cells = {}
    for size in entry["batches"]:
        rows = size["rows"]
        count = len(test) // rows
        if count == 0:
            continue
        batches = [test[i * rows:(i + 1) * rows] for i in range(count)]
        time_batches = [test_t[i * rows:(i + 1) * rows] for i in range(count)] if timed else None
        # zstd's trainer needs many samples: cut the train split into pieces of the batch size, halved
        # until there are at least 32 of them.
        piece = rows
        while len(train) // piece < 32 and piece > 16:
            piece //= 2
        train_batches = [train[i * piece:(i + 1) * piece] for i in range(len(train) // piece)]
        train_time_batches = [train_t[i * piece:(i + 1) * piece] for i in range(len(train) // piece)] if timed else None
        cell = {"batches": count, "samples": int(sum(b.size for b in batches))}
        cell["bytes"] = score(batches, time_batches, train_batches, train_time_batches, channels, rate, everything,
                              all_times, workdir)
        cell["bytes_codes_only"] = (
            score(batches, None, train_batches, None, channels, rate, everything, None, workdir)
            if timed else cell["bytes"])
        cells[size["label"]] = cell
    return cells


def deflate_raw(data: bytes) -> bytes:
    """Raw deflate (no zlib header, no checksum) at level 9."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def flac_version() -> str:
    result = subprocess.run(["flac", "--version"], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: bench_codec_peers.py CODES_DIR", file=sys.stderr)
        return 2
    codes_dir = sys.argv[1]
    with open(os.path.join(codes_dir, "index.json")) as f:
        index = json.load(f)
    result = {
        "versions": {
            "flac": flac_version(), "pcodec": pcodec.__version__, "zstandard": zstandard.__version__,
            "zstd": ".".join(map(str, zstandard.ZSTD_VERSION)), "lz4": lz4.library_version_string(),
            "zlib": zlib.ZLIB_RUNTIME_VERSION,
        },
        "series": {},
    }
    with tempfile.TemporaryDirectory() as workdir:
        for entry in index["series"]:
            result["series"][entry["id"]] = score_series(entry, codes_dir, workdir)
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
