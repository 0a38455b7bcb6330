#!/usr/bin/env python3
"""Prints `WIDTH HEIGHT MEAN VARIANCE` of a PNG's luminance, with the standard library only.

Used by the HIL report's screenshot test (Tests/HILTests) to check that a headless browser's
screenshot of the HTML report is not blank. Handles 8-bit grey, RGB and RGBA, non-interlaced, which is
what Chromium writes.
"""
import struct
import sys
import zlib


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def main(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path}: not a PNG file")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        sys.exit(f"{path}: unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    total = total_sq = 0
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                line[i] = (line[i] + paeth(left, up, corner)) & 0xFF
        for x in range(width):
            pixel = line[x * channels:x * channels + channels]
            luminance = pixel[0] if channels < 3 else (299 * pixel[0] + 587 * pixel[1] + 114 * pixel[2]) // 1000
            total += luminance
            total_sq += luminance * luminance
        previous = line
    count = width * height
    mean = total / count
    print(width, height, f"{mean:.3f}", f"{total_sq / count - mean * mean:.3f}")


if __name__ == "__main__":
    main(sys.argv[1])
