#!/usr/bin/python3
"""The seed's script on a few images, as a user runs it: start Python, import torch, build the model, load the
checkpoint, classify, print. `pnpm bench:e2e` times the whole process on one image (single-image latency).

`/usr/bin/python3 seed_one.py --checkpoint ck.pth [--arch resnet50] image…` prints one JSON line: top-5 per image.
"""
import argparse
import json
import sys

import torch

from seed import load_model, seed


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--arch", default="resnet50")
    p.add_argument("images", nargs="+")
    args = p.parse_args()
    model = load_model(args.checkpoint, args.arch)
    with torch.no_grad():
        top5 = seed.seed_loop(model, args.images)
    json.dump({"top5": top5}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
