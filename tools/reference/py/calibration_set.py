"""Writes the default int8 calibration set: CC0 / public-domain photos from scikit-image's sample data.

Usage: /usr/bin/python3 tools/reference/py/calibration_set.py packages/registry/calibration
(needs Debian's python3-skimage and python3-pil). Each photo is resized with Pillow so its shorter side is 288 px
(above the 256 px the eval preprocessing resizes to, so the crop is still a real downscale) and saved as a baseline
JPEG at quality 90. Grayscale photos stay grayscale (ImageNet has some; the decoder converts them to RGB).
The licences are those scikit-image states in each function's docstring; CREDITS.md repeats them.
"""
import sys
from pathlib import Path

import numpy as np
import skimage.data as data
from PIL import Image

SHORT_SIDE = 288
PHOTOS = [
    ("astronaut", "Eileen Collins, NASA astronaut (NASA Great Images)", "public domain (NASA)"),
    ("chelsea", "Chelsea the cat, by Stefan van der Walt", "CC0"),
    ("coffee", "a cup of coffee, by Rachel Michetti (Pikolo Espresso Bar)", "CC0"),
    ("rocket", "DSCOVR launch on a Falcon 9 (SpaceX Photos)", "public domain (SpaceX)"),
    ("hubble_deep_field", "Hubble eXtreme Deep Field (HubbleSite)", "public domain (NASA)"),
    ("retina", "fundus photograph of a normal left eye, by Mikael Häggström (Wikimedia)", "CC0"),
    ("camera", "a photographer with a camera, by Lav Varshney", "CC0"),
    ("clock", "a motion-blurred wall clock, by Stefan van der Walt", "public domain"),
    ("brick", "a brick wall (CC0Textures Bricks25)", "CC0"),
    ("grass", "grass (DeviantArt, linolafett)", "CC0"),
    ("gravel", "gravel (CC0Textures Gravel04)", "CC0"),
]


def main(out_dir):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Calibration photos",
        "",
        "The default images `swsl` calibrates int8 activation ranges on (`--dtype int8`). Made by",
        "`/usr/bin/python3 tools/reference/py/calibration_set.py packages/registry/calibration` from scikit-image's",
        "sample data (Debian `python3-skimage` 0.19.3): shorter side resized to 288 px with Pillow's bilinear filter,",
        "saved as JPEG quality 90. Licences as scikit-image states them.",
        "",
        "| file | what | licence |",
        "|---|---|---|",
    ]
    for name, what, licence in PHOTOS:
        pixels = np.asarray(getattr(data, name)())
        img = Image.fromarray(pixels)
        w, h = img.size
        scale = SHORT_SIDE / min(w, h)
        img = img.resize((round(w * scale), round(h * scale)), Image.BILINEAR)
        file = f"{name}.jpg"
        img.save(out / file, quality=90)
        lines.append(f"| `{file}` | {what} | {licence} |")
    (out / "CREDITS.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
