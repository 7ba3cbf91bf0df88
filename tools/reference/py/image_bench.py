"""Times the seed's preprocessing (bytes → normalized tensor) with Pillow + torchvision, for the benchmark script.

The files are read into memory first, so, like the TypeScript side, the clock covers decoding from bytes, RGB
conversion, Resize, CenterCrop, ToTensor and Normalize, and not the disk.
"""
import io
import time

import torch
from PIL import Image
from torchvision import transforms as T

from image_corpus import IMAGENET


def bench(paths, rounds, threads):
    torch.set_num_threads(threads)
    blobs = [open(p, "rb").read() for p in paths]
    transform = T.Compose([T.Resize(IMAGENET["resizeSize"]), T.CenterCrop(IMAGENET["cropSize"]), T.ToTensor(),
                           T.Normalize(mean=IMAGENET["mean"], std=IMAGENET["std"])])

    def once():
        for blob in blobs:
            transform(Image.open(io.BytesIO(blob)).convert("RGB"))

    once()  # warm-up: imports, allocator, first-call paths
    per_round = []
    for _ in range(rounds):
        start = time.perf_counter()
        once()
        per_round.append((time.perf_counter() - start) * 1000 / len(blobs))
    per_round.sort()
    return {"images": len(blobs), "rounds": rounds, "threads": torch.get_num_threads(),
            "msPerImageMedian": per_round[len(per_round) // 2], "msPerImageMin": per_round[0]}
