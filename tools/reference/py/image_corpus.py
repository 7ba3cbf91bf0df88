"""The preprocessing corpus: lossless (and a few JPEG) images of every mode and awkward size, with Pillow's answers.

For each image it writes the file, `<name>.crop.npy` (uint8 HWC, `np.asarray(CenterCrop(Resize(img)))`) and
`<name>.tensor.npy` (float32 CHW, after ToTensor + Normalize), all through torchvision 0.14 on Pillow 9.4 exactly as
the seed does, plus `manifest.json` describing every entry. `committed` is the small slice checked into
tools/reference/fixtures/preprocess (tiny images and a small spec); `full` is generated at test time.
"""
import io
import json
import os

import numpy as np
from PIL import Image, ImageOps
from torchvision import transforms as T

import png_writer

IMAGENET = dict(resizeSize=256, cropSize=224, interpolation="bilinear", mean=[0.485, 0.456, 0.406],
                std=[0.229, 0.224, 0.225])
SMALL = dict(IMAGENET, resizeSize=20, cropSize=16)
INTERP = {"bilinear": T.InterpolationMode.BILINEAR, "bicubic": T.InterpolationMode.BICUBIC,
          "nearest": T.InterpolationMode.NEAREST}


def content(w, h, seed, channels=3, high=256):
    """Noise over gradients: noise makes every rounding decision visible, gradients keep it image-like."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w]
    base = (xx * 255 // max(w - 1, 1) + yy * 127 // max(h - 1, 1))[..., None] + np.arange(channels) * 60
    noise = rng.integers(-40, 41, (h, w, channels))
    return np.clip((base % 256 + noise) * (high // 256), 0, high - 1).astype(np.uint16 if high > 256 else np.uint8)


def pil_bytes(img, fmt, **kw):
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def rgb(w, h, seed):
    return Image.fromarray(content(w, h, seed), "RGB")


def png(w, h, seed, color_type, bit_depth, interlace=False, trns=None):
    rng = np.random.default_rng(seed)
    channels = png_writer.CHANNELS[color_type]
    if color_type == 3:
        palette = rng.integers(0, 256, (2 ** min(bit_depth, 8), 3))
        samples = content(w, h, seed, 1)[..., 0] >> (8 - bit_depth)
        return png_writer.encode_png(samples, 3, bit_depth, palette=palette, trns=trns, interlace=interlace)
    samples = content(w, h, seed, channels, high=2 ** 16 if bit_depth == 16 else 256)
    if bit_depth < 8:
        samples = samples >> (8 - bit_depth)
    return png_writer.encode_png(samples, color_type, bit_depth, interlace=interlace)


def gif(w, h, seed):
    frames = [rgb(w, h, seed + i).quantize(64) for i in range(3)]
    return pil_bytes(frames[0], "GIF", save_all=True, append_images=frames[1:])


def entries(which):
    """(name, bytes, spec) for the slice; names carry the extension the file is written with."""
    out = []
    if which == "committed":
        for w, h in [(1, 1), (2, 3), (17, 5), (5, 17), (40, 41), (41, 40), (9, 40)]:
            out.append((f"rgb-{w}x{h}.png", pil_bytes(rgb(w, h, w * 31 + h), "PNG"), SMALL))
        out.append(("gray16-23x19.png", png(23, 19, 5, 0, 16), SMALL))
        out.append(("palette-trns-interlaced-21x30.png", png(21, 30, 6, 3, 4, interlace=True, trns=b"\x00\x80"),
                    SMALL))
        out.append(("la-30x22.png", pil_bytes(Image.fromarray(content(30, 22, 7, 2), "LA"), "PNG"), SMALL))
        out.append(("cmyk-25x25.tiff", pil_bytes(Image.fromarray(content(25, 25, 8, 4), "CMYK"), "TIFF"), SMALL))
        out.append(("rgb-bicubic-33x24.png", pil_bytes(rgb(33, 24, 9), "PNG"), dict(SMALL, interpolation="bicubic")))
        out.append(("rgb-nearest-33x24.png", pil_bytes(rgb(33, 24, 9), "PNG"), dict(SMALL, interpolation="nearest")))
        out.append(("rgb-pad-12x30.png", pil_bytes(rgb(12, 30, 10), "PNG"), dict(SMALL, resizeSize=10)))
        return out

    # Sizes: 1x1 to 4000x3000, aspect ratios to 1:100 both ways, and long sides that resize to odd lengths so the
    # crop offset is x.5 (257 -> 16.5 -> 16, 259 -> 17.5 -> 18: Python's round-half-to-even).
    sizes = [(1, 1), (1, 2), (2, 1), (3, 7), (7, 3), (16, 16), (223, 223), (224, 224), (225, 300), (256, 256),
             (256, 257), (256, 259), (257, 256), (259, 256), (512, 514), (518, 512), (300, 200), (500, 375),
             (375, 500), (640, 480), (333, 1000), (30, 3000), (3000, 30), (10, 1000), (1000, 10), (1, 100),
             (100, 1), (2048, 1536), (1023, 767)]
    for w, h in sizes:
        out.append((f"rgb-{w}x{h}.png", pil_bytes(rgb(w, h, w * 7919 + h), "PNG", compress_level=1), IMAGENET))
    out.append(("rgb-4000x3000.bmp", pil_bytes(rgb(4000, 3000, 1), "BMP"), IMAGENET))
    out.append(("rgb-3000x4000.png", pil_bytes(rgb(3000, 4000, 2), "PNG", compress_level=1), IMAGENET))

    # Every PNG flavour: bit depths 1-16, gray, gray+alpha, RGB, RGBA, palette (with tRNS), interlaced.
    w, h = 301, 203
    for color_type, depths in [(0, [1, 2, 4, 8, 16]), (2, [8, 16]), (3, [1, 2, 4, 8]), (4, [8, 16]), (6, [8, 16])]:
        for depth in depths:
            for interlace in (False, True):
                trns = b"\x00\x40\x80" if color_type == 3 else None
                name = f"png-ct{color_type}-{depth}bit{'-adam7' if interlace else ''}-{w}x{h}.png"
                out.append((name, png(w, h, color_type * 100 + depth, color_type, depth, interlace, trns), IMAGENET))
    for mode in ["L", "LA", "RGBA", "P", "1"]:
        img = rgb(h, w, 3).convert(mode) if mode != "LA" else Image.fromarray(content(h, w, 4, 2), "LA")
        out.append((f"pil-{mode}-{h}x{w}.png", pil_bytes(img, "PNG"), IMAGENET))

    # Other containers.
    out.append(("bmp-rgb-250x260.bmp", pil_bytes(rgb(250, 260, 11), "BMP"), IMAGENET))
    out.append(("bmp-l-260x250.bmp", pil_bytes(rgb(260, 250, 12).convert("L"), "BMP"), IMAGENET))
    out.append(("bmp-p-260x250.bmp", pil_bytes(rgb(260, 250, 13).quantize(200), "BMP"), IMAGENET))
    out.append(("tiff-rgb-lzw-270x300.tiff", pil_bytes(rgb(270, 300, 14), "TIFF", compression="tiff_lzw"), IMAGENET))
    out.append(("tiff-l-300x270.tiff", pil_bytes(rgb(300, 270, 15).convert("L"), "TIFF"), IMAGENET))
    out.append(("tiff-rgba-280x280.tiff", pil_bytes(Image.fromarray(content(280, 280, 16, 4), "RGBA"), "TIFF"),
                IMAGENET))
    out.append(("tiff-cmyk-290x300.tiff", pil_bytes(Image.fromarray(content(290, 300, 17, 4), "CMYK"), "TIFF"),
                IMAGENET))
    out.append(("tiff-rgb-deflate-predictor-270x300.tiff",
                pil_bytes(rgb(270, 300, 24), "TIFF", compression="tiff_adobe_deflate", tiffinfo={317: 2}), IMAGENET))
    out.append(("tiff-1-300x270.tiff", pil_bytes(rgb(300, 270, 25).convert("1"), "TIFF"), IMAGENET))
    out.append(("tiff-p-300x270.tiff", pil_bytes(rgb(300, 270, 26).quantize(100), "TIFF"), IMAGENET))
    out.append(("tiff-rgb-packbits-270x300.tiff", pil_bytes(rgb(270, 300, 27), "TIFF", compression="packbits"),
                IMAGENET))
    out.append(("gif-3frames-310x260.gif", gif(310, 260, 18), IMAGENET))
    out.append(("webp-lossless-rgb-300x290.webp", pil_bytes(rgb(300, 290, 19), "WEBP", lossless=True), IMAGENET))
    out.append(("webp-lossless-rgba-290x300.webp",
                pil_bytes(Image.fromarray(content(290, 300, 20, 4), "RGBA"), "WEBP", lossless=True), IMAGENET))

    # Custom specs: other interpolations, padding (image smaller than the crop), other sizes and statistics.
    custom = [("bicubic", dict(IMAGENET, interpolation="bicubic")), ("nearest", dict(IMAGENET, interpolation="nearest")),
              ("pad", dict(IMAGENET, resizeSize=200)), ("timm288", dict(IMAGENET, resizeSize=320, cropSize=288,
                                                                         mean=[0.5, 0.5, 0.5], std=[0.5, 0.5, 0.5]))]
    for tag, spec in custom:
        for w, h in [(500, 375), (37, 1000), (3, 5), (257, 511), (1000, 999)]:
            out.append((f"{tag}-{w}x{h}.png", pil_bytes(rgb(w, h, w + h), "PNG", compress_level=1), spec))
    return out


def jpeg_entries():
    """JPEGs of every kind Pillow writes: subsamplings, progressive, grayscale, CMYK (Adobe, inverted)."""
    img = Image.fromarray(content(403, 301, 21), "RGB")
    out = []
    for sub in (0, 1, 2):
        out.append((f"jpeg-sub{['444', '422', '420'][sub]}-403x301.jpg", pil_bytes(img, "JPEG", quality=90,
                                                                                   subsampling=sub)))
    out.append(("jpeg-progressive-403x301.jpg", pil_bytes(img, "JPEG", quality=85, progressive=True)))
    out.append(("jpeg-gray-403x301.jpg", pil_bytes(img.convert("L"), "JPEG", quality=90)))
    out.append(("jpeg-cmyk-403x301.jpg", pil_bytes(img.convert("CMYK"), "JPEG", quality=90)))
    out.append(("jpeg-odd-1x1.jpg", pil_bytes(Image.fromarray(content(1, 1, 22), "RGB"), "JPEG")))
    out.append(("jpeg-odd-17x999.jpg", pil_bytes(Image.fromarray(content(17, 999, 23), "RGB"), "JPEG")))
    return [(name, data, IMAGENET) for name, data in out]


def with_alpha(w, h, seed, channels):
    """Colour noise whose alpha is 0 in the left third (colour kept underneath), 1-254 in the middle, 255 right."""
    px = content(w, h, seed, channels)
    alpha = np.full((h, w), 255, np.uint8)
    alpha[:, : w // 3] = 0
    alpha[:, w // 3: 2 * w // 3] = np.random.default_rng(seed).integers(1, 255, (h, 2 * w // 3 - w // 3))
    px[..., -1] = alpha
    return px


def exif_orientation(o):
    exif = Image.Exif()
    exif[0x0112] = o
    return exif.tobytes()


def orientation_alpha_entries():
    """EXIF-rotated images (orientations 2-8; Pillow ignores the tag unless exif_transpose is asked for: entries
    with `applyExifOrientation` apply it) and alpha with non-zero colour under transparent pixels (Pillow's
    convert('RGB') keeps it; a premultiplied canvas loses it)."""
    img = Image.fromarray(content(403, 301, 31), "RGB")
    out = []
    for o in range(1, 9):
        data = pil_bytes(img, "JPEG", quality=90, exif=exif_orientation(o))
        out.append((f"exif-o{o}-403x301.jpg", data, IMAGENET, False))
        if o != 1:
            out.append((f"exif-o{o}-applied-403x301.jpg", data, IMAGENET, True))
    for o in (3, 6):
        png_data = pil_bytes(img, "PNG", compress_level=1, exif=exif_orientation(o))
        out.append((f"exif-o{o}-403x301.png", png_data, IMAGENET, False))
        out.append((f"exif-o{o}-applied-403x301.png", png_data, IMAGENET, True))
        webp_data = pil_bytes(img, "WEBP", lossless=True, exif=exif_orientation(o))
        out.append((f"exif-o{o}-403x301.webp", webp_data, IMAGENET, False))
        out.append((f"exif-o{o}-applied-403x301.webp", webp_data, IMAGENET, True))
    w, h = 311, 207
    out.append((f"alpha-rgba-{w}x{h}.png", pil_bytes(Image.fromarray(with_alpha(w, h, 32, 4), "RGBA"), "PNG"),
                IMAGENET, False))
    out.append((f"alpha-la-{w}x{h}.png", pil_bytes(Image.fromarray(with_alpha(w, h, 33, 2), "LA"), "PNG"),
                IMAGENET, False))
    rgba16 = with_alpha(w, h, 34, 4).astype(np.uint16) * 257 + np.random.default_rng(34).integers(0, 256, (h, w, 4))
    rgba16[..., 3][:, : w // 3] = 0
    out.append((f"alpha-rgba16-{w}x{h}.png", png_writer.encode_png(rgba16.astype(np.uint16), 6, 16), IMAGENET, False))
    pal = rgb(w, h, 35).quantize(64)
    out.append((f"alpha-p-trns-{w}x{h}.png", pil_bytes(pal, "PNG", transparency=bytes([0, 128] * 32)), IMAGENET,
                False))
    out.append((f"alpha-gif-transparent-{w}x{h}.gif", pil_bytes(pal, "GIF", transparency=5), IMAGENET, False))
    rgba = Image.fromarray(with_alpha(w, h, 36, 4), "RGBA")
    out.append((f"alpha-webp-lossless-exact-{w}x{h}.webp", pil_bytes(rgba, "WEBP", lossless=True, exact=True),
                IMAGENET, False))
    out.append((f"alpha-tiff-rgba-{w}x{h}.tiff", pil_bytes(rgba, "TIFF"), IMAGENET, False))
    return out


def pillow_preprocess(path, spec, apply_exif_orientation=False):
    """The seed's transform with `spec`: open → convert('RGB') → Resize → CenterCrop → ToTensor → Normalize
    (with `apply_exif_orientation`, ImageOps.exif_transpose first)."""
    img = Image.open(path)
    img = (ImageOps.exif_transpose(img) if apply_exif_orientation else img).convert("RGB")
    crop = T.CenterCrop(spec["cropSize"])(T.Resize(spec["resizeSize"], INTERP[spec["interpolation"]])(img))
    tensor = T.Normalize(mean=spec["mean"], std=spec["std"])(T.ToTensor()(crop))
    return np.asarray(crop, dtype=np.uint8), tensor.numpy()


def write_corpus(out, which, save_npy):
    os.makedirs(out, exist_ok=True)
    items = [(*e, False) for e in entries(which) + (jpeg_entries() if which == "full" else [])]
    items += orientation_alpha_entries() if which == "full" else []
    manifest = {"command": f"/usr/bin/python3 tools/reference/py/oracle.py image-corpus --slice {which} --out DIR",
                "entries": []}
    for name, data, spec, apply_exif_orientation in items:
        path = os.path.join(out, name)
        with open(path, "wb") as f:
            f.write(data)
        crop, tensor = pillow_preprocess(path, spec, apply_exif_orientation)
        save_npy(path + ".crop.npy", crop)
        save_npy(path + ".tensor.npy", tensor)
        with Image.open(path) as im:
            manifest["entries"].append({"file": name, "format": im.format, "mode": im.mode, "width": im.width,
                                        "height": im.height, "lossless": im.format != "JPEG", "spec": spec,
                                        **({"applyExifOrientation": True} if apply_exif_orientation else {})})
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    return manifest


def write_decoded(out, paths, save_npy):
    """Pillow's full-size `convert('RGB')` pixels of each image: what a decoder must reproduce."""
    os.makedirs(out, exist_ok=True)
    written = []
    for path in paths:
        with Image.open(path) as im:
            mode = im.mode
            pixels = np.asarray(im.convert("RGB"), dtype=np.uint8)
        target = os.path.join(out, os.path.basename(path) + ".rgb.npy")
        save_npy(target, pixels)
        written.append({"image": path, "mode": mode, "rgb": target})
    return {"images": written}


def write_verdicts(out, paths, save_npy):
    """Pillow's verdict on each (possibly malformed) image: whether `open` + `load` + `convert('RGB')` succeeds,
    and if so its pixels (`<name>.rgb.npy`); if not, the exception's class and message. Where a decoder must agree
    with Pillow on corrupt files, this is what it is compared with."""
    os.makedirs(out, exist_ok=True)
    verdicts = []
    for path in paths:
        try:
            with Image.open(path) as im:
                im.load()
                mode, fmt = im.mode, im.format
                pixels = np.asarray(im.convert("RGB"), dtype=np.uint8)
        except Exception as e:  # noqa: BLE001 - every failure is a verdict, whatever Pillow raises
            verdicts.append({"image": path, "opens": False, "error": f"{type(e).__name__}: {e}"})
            continue
        target = os.path.join(out, os.path.basename(path) + ".rgb.npy")
        save_npy(target, pixels)
        verdicts.append({"image": path, "opens": True, "format": fmt, "mode": mode, "rgb": target})
    return {"verdicts": verdicts}
