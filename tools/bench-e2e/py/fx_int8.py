#!/usr/bin/python3
"""PyTorch's own int8 for `pnpm bench:e2e`: FX graph mode post-training static quantization on the oneDNN backend.

`/usr/bin/python3 fx_int8.py --checkpoint ck.pth [--arch resnet50] [--engine onednn] [--batch 8]
[--calibration DIR] image…` builds the seed's model, then, the way PyTorch's docs quantize a torchvision ResNet:
`prepare_fx(model, get_default_qconfig_mapping(engine), example_inputs)`, calibration on the photos swsl's int8
calibrates on (the 11 shipped in packages/registry/calibration, through the seed's own transform), `convert_fx`.
Then, after a warm-up (excluded), two timed loops over the images: the seed's loop (one image at a time) and batches
of `--batch` (decoded in-process, as a DataLoader with no workers does). Prints one JSON object.

The engine is `onednn` when this torch has it (Debian's 1.13 has qnnpack and onednn, no fbgemm/x86); otherwise the
first of x86, fbgemm, qnnpack it has, and `engineNote` says so.
"""
import argparse
import json
import os
import sys
import time

import torch
from torch.ao.quantization import get_default_qconfig_mapping
from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx

from seed import load_model, seed

HERE = os.path.dirname(os.path.abspath(__file__))
CALIBRATION = os.path.join(HERE, "../../../packages/registry/calibration")
FALLBACKS = ["x86", "fbgemm", "qnnpack"]


def choose_engine(requested):
    supported = torch.backends.quantized.supported_engines
    if requested in supported:
        return requested, None
    for engine in FALLBACKS:
        if engine in supported:
            return engine, f"{requested!r} is not in this torch's supported_engines {supported}; used {engine!r}"
    raise SystemExit(f"no quantized engine among {[requested, *FALLBACKS]} in {supported}")


def quantize(model, engine, calibration_dir):
    torch.backends.quantized.engine = engine
    photos = sorted(os.path.join(calibration_dir, f) for f in os.listdir(calibration_dir) if f.endswith(".jpg"))
    batch = torch.stack([seed.load(p) for p in photos])
    prepared = prepare_fx(model, get_default_qconfig_mapping(engine), (batch[:1],))
    prepared(batch)  # observers record the activation ranges
    return convert_fx(prepared), len(photos)


def timed(loop):
    start = time.perf_counter()
    top5 = loop()
    return {"seconds": time.perf_counter() - start, "top5": top5}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--arch", default="resnet50")
    p.add_argument("--engine", default="onednn")
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--calibration", default=CALIBRATION)
    p.add_argument("images", nargs="+")
    args = p.parse_args()
    engine, note = choose_engine(args.engine)
    start = time.perf_counter()
    with torch.no_grad():
        model, photos = quantize(load_model(args.checkpoint, args.arch), engine, args.calibration)
        quantize_seconds = time.perf_counter() - start
        # Warm-up (excluded), both shapes: oneDNN builds its kernels per input shape on first use.
        model(torch.stack([seed.load(x) for x in args.images[: args.batch]]))
        model(seed.load(args.images[0]).unsqueeze(0))
        per_image = timed(lambda: seed.seed_loop(model, args.images))
        batched = timed(lambda: seed.dataloader_loop(model, args.images, args.batch, 0))
    json.dump({
        "engine": engine,
        "engineRequested": args.engine,
        "engineNote": note,
        "supportedEngines": torch.backends.quantized.supported_engines,
        "calibrationImages": photos,
        "quantizeSeconds": quantize_seconds,
        "images": len(args.images),
        "perImage": per_image,
        "batched": {"batch": args.batch, **batched},
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
    }, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
