#!/usr/bin/env python3
"""Draws the app icon (a court-red tile with a golden balance) as icons/icon.png, with no
dependencies beyond the standard library. Run again only to change the icon."""
import math, struct, sys, zlib

N = 256
RED, GOLD, CLEAR = (163, 27, 33, 255), (240, 196, 80, 255), (0, 0, 0, 0)

def inside_rounded(x, y, r=44):
    cx = min(max(x, r), N - 1 - r)
    cy = min(max(y, r), N - 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r

def seg(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)

def pixel(x, y):
    if not inside_rounded(x, y):
        return CLEAR
    strokes = [
        (128, 52, 128, 200, 7),   # pillar
        (60, 80, 196, 80, 6),     # beam
        (84, 210, 172, 210, 8),   # base
        (60, 80, 40, 140, 3), (60, 80, 80, 140, 3),     # left strings
        (196, 80, 176, 140, 3), (196, 80, 216, 140, 3), # right strings
    ]
    for ax, ay, bx, by, w in strokes:
        if seg(x, y, ax, ay, bx, by) <= w:
            return GOLD
    for cx in (60, 196):  # pans
        if 140 <= y <= 140 + 22 and (x - cx) ** 2 / 26 ** 2 + (y - 140) ** 2 / 22 ** 2 <= 1:
            return GOLD
    if (x - 128) ** 2 + (y - 46) ** 2 <= 10 ** 2:
        return GOLD
    return RED

rows = b"".join(b"\x00" + b"".join(struct.pack("4B", *pixel(x, y)) for x in range(N)) for y in range(N))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
open(sys.argv[1] if len(sys.argv) > 1 else "icons/icon.png", "wb").write(png)
