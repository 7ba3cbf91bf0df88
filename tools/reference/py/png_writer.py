"""A minimal PNG encoder for the image corpus: every bit depth and colour type, tRNS and Adam7 interlacing.

Pillow cannot write 16-bit RGB(A), gray+alpha at 16 bits, 2/4-bit gray or interlaced PNGs, and those are exactly
the files a decoder gets wrong; this writes them from numpy arrays so Pillow (the oracle) can read them back.
"""
import struct
import zlib

import numpy as np

# (x0, y0, dx, dy) of the 7 Adam7 passes.
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def _chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def _pack_rows(samples, bit_depth):
    """samples: uint array [h, w*channels] -> filtered scanlines (filter type 0) as bytes."""
    h = samples.shape[0]
    if bit_depth == 16:
        rows = samples.astype(">u2").view(np.uint8).reshape(h, -1)
    elif bit_depth == 8:
        rows = samples.astype(np.uint8)
    else:
        rows = np.packbits(np.unpackbits(samples.astype(np.uint8)[..., None], axis=-1)[..., 8 - bit_depth:]
                           .reshape(h, -1), axis=-1)
    return b"".join(b"\x00" + row.tobytes() for row in rows)


def encode_png(samples, color_type, bit_depth, palette=None, trns=None, interlace=False):
    """samples: [h, w, channels] (or [h, w]) integer array of raw sample values (palette indices for type 3)."""
    samples = np.asarray(samples)
    if samples.ndim == 2:
        samples = samples[..., None]
    h, w, c = samples.shape
    assert c == CHANNELS[color_type]
    if interlace:
        raw = b""
        for x0, y0, dx, dy in ADAM7:
            sub = samples[y0::dy, x0::dx]
            if sub.shape[0] and sub.shape[1]:
                raw += _pack_rows(sub.reshape(sub.shape[0], -1), bit_depth)
    else:
        raw = _pack_rows(samples.reshape(h, -1), bit_depth)
    out = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bit_depth, color_type, 0, 0,
                                                              1 if interlace else 0))
    if palette is not None:
        out += _chunk(b"PLTE", np.asarray(palette, dtype=np.uint8).tobytes())
    if trns is not None:
        out += _chunk(b"tRNS", trns)
    return out + _chunk(b"IDAT", zlib.compress(raw, 6)) + _chunk(b"IEND", b"")
