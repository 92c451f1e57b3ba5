#!/usr/bin/env python3
"""Draw the platform's app icons (run once; the PNGs are committed).

A globe in white on the brand colour (`--brand` in app.css): a ring, the
equator and a meridian. `icon-*.png` have rounded corners (transparent
outside); `icon-maskable-512.png` is full-bleed with the mark inside the
maskable safe zone (the central circle of 80% diameter). Standard library
only: 4x4 supersampling, zlib for the PNG.

    python3 crates/platform/assets/make_icons.py
"""
import math
import os
import struct
import zlib

BRAND = (0x8A, 0x1C, 0x1C)
WHITE = (0xFF, 0xFF, 0xFF)
HERE = os.path.dirname(os.path.abspath(__file__))
SS = 4  # supersamples per axis


def inside_rounded(x, y, radius):
    """Whether (x, y) in [0,1]^2 lies in a square with rounded corners."""
    cx = min(max(x, radius), 1 - radius)
    cy = min(max(y, radius), 1 - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def on_mark(x, y, scale):
    """Whether (x, y) in [0,1]^2 is white: a globe of radius 0.3 * scale."""
    dx, dy = (x - 0.5) / scale, (y - 0.5) / scale
    r = math.hypot(dx, dy)
    stroke = 0.035
    outer = 0.30
    if abs(r - outer) <= stroke:
        return True
    if r > outer:
        return False
    if abs(dy) <= stroke * 0.8:  # equator
        return True
    # meridian: an ellipse with half-width 0.13
    a, b = 0.13, outer
    e = math.hypot(dx / a, dy / b)
    if abs(e - 1) * a <= stroke * 0.8:
        return True
    return abs(dx) <= stroke * 0.8  # the central meridian


def draw(size, maskable):
    rows = []
    scale = 0.75 if maskable else 1.0
    for py in range(size):
        row = bytearray([0])  # filter: none
        for px in range(size):
            bg = white = 0
            for sy in range(SS):
                for sx in range(SS):
                    x = (px + (sx + 0.5) / SS) / size
                    y = (py + (sy + 0.5) / SS) / size
                    if maskable or inside_rounded(x, y, 0.18):
                        bg += 1
                        if on_mark(x, y, scale):
                            white += 1
            n = SS * SS
            alpha = bg / n
            if bg:
                t = white / bg
                rgb = [round(BRAND[i] * (1 - t) + WHITE[i] * t) for i in range(3)]
            else:
                rgb = [0, 0, 0]
            row += bytes(rgb + [round(alpha * 255)])
        rows.append(bytes(row))
    return png(size, size, b"".join(rows))


def png(w, h, raw):
    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c))

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


if __name__ == "__main__":
    for name, size, maskable in [
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("icon-maskable-512.png", 512, True),
        ("apple-touch-icon.png", 180, True),
    ]:
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(draw(size, maskable))
        print(name)
