#!/usr/bin/env python3
"""Draws ChangeBot's Teams icons without any imaging library (zlib + struct only).

color.png   192x192, full colour: a white bell with a check mark on Teams purple.
outline.png  32x32, white on transparent, the same shapes (Teams' rule for outline icons).
Run from anywhere: python3 manifests/teams/make-icons.py
"""
import math
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
PURPLE = (75, 83, 188)


def segment_distance(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def coverage(x, y):
    """How much of the unit-square point (x, y) the white mark covers (0..1, anti-aliased by the caller)."""
    # Bell: a dome (upper half of an ellipse) over a flared body, a rim, and a clapper.
    in_dome = ((x - 0.5) / 0.24) ** 2 + ((y - 0.42) / 0.22) ** 2 <= 1 and y <= 0.42
    half_width = 0.24 + (y - 0.42) * 0.35
    in_body = 0.42 <= y <= 0.66 and abs(x - 0.5) <= half_width
    in_rim = 0.66 <= y <= 0.71 and abs(x - 0.5) <= 0.34
    in_clapper = math.hypot(x - 0.5, y - 0.77) <= 0.055
    in_knob = math.hypot(x - 0.5, y - 0.18) <= 0.04
    bell = in_dome or in_body or in_rim or in_clapper or in_knob
    # A check mark cut out of the bell's body.
    check = min(segment_distance(x, y, 0.39, 0.46, 0.47, 0.56), segment_distance(x, y, 0.47, 0.56, 0.63, 0.36)) <= 0.035
    return 1.0 if bell and not check else 0.0


def rounded_square(x, y, radius=0.18):
    cx, cy = min(max(x, radius), 1 - radius), min(max(y, radius), 1 - radius)
    return math.hypot(x - cx, y - cy) <= radius


def render(size, samples, pixel):
    rows = []
    for j in range(size):
        row = bytearray([0])  # PNG filter type 0 (none) for every row
        for i in range(size):
            acc = [0.0, 0.0, 0.0, 0.0]
            for sj in range(samples):
                for si in range(samples):
                    x, y = (i + (si + 0.5) / samples) / size, (j + (sj + 0.5) / samples) / size
                    for k, v in enumerate(pixel(x, y)):
                        acc[k] += v
            row += bytes(round(v / samples / samples) for v in acc)
        rows.append(bytes(row))
    return b"".join(rows)


def write_png(path, size, raw):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def color_pixel(x, y):
    if not rounded_square(x, y):
        return (*PURPLE, 0)  # transparent, but purple so anti-aliased edges do not darken
    if coverage(x, y):
        return (255, 255, 255, 255)
    return (*PURPLE, 255)


def outline_pixel(x, y):
    # Transparent pixels are white too, so anti-aliased edges stay pure white with partial alpha.
    return (255, 255, 255, 255) if coverage(x, y) else (255, 255, 255, 0)


write_png(os.path.join(HERE, "color.png"), 192, render(192, 3, color_pixel))
write_png(os.path.join(HERE, "outline.png"), 32, render(32, 4, outline_pixel))
