#!/usr/bin/python3
"""The PyTorch side of `pnpm bench:pipeline`: images/s of the seed's loop and of a DataLoader on the same images.

`/usr/bin/python3 pipelined-vs-torch.py --checkpoint ck.pth --arch resnet50 --mode seed|dataloader [--batch 8]
[--workers 2] image…` prints one JSON object: the seconds of the timed pass (after one warm-up batch, excluded) and
the top-5 indices per image. torch runs on 2 threads (SWSL_ORACLE_THREADS), as on the reference machine.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../tools/reference/py"))

import torch  # noqa: E402
from PIL import Image  # noqa: E402
from torchvision import transforms as T  # noqa: E402

import calibrate  # noqa: E402
import checkpoints  # noqa: E402
import models  # noqa: E402
from oracle import parse_arch  # noqa: E402

torch.set_num_threads(int(os.environ.get("SWSL_ORACLE_THREADS", "2")))

# The seed's eval transform, verbatim.
TRANSFORM = T.Compose([
    T.Resize(256),
    T.CenterCrop(224),
    T.ToTensor(),
    T.Normalize(mean=calibrate.IMAGENET_MEAN, std=calibrate.IMAGENET_STD),
])


def load(path):
    return TRANSFORM(Image.open(path).convert("RGB"))


class Images(torch.utils.data.Dataset):
    def __init__(self, paths):
        self.paths = paths

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        return load(self.paths[i])


def seed_loop(model, paths):
    """The seed's code: one image at a time, PIL decode + transforms + model + softmax + top-5."""
    top5 = []
    for path in paths:
        probs = torch.softmax(model(load(path).unsqueeze(0))[0], dim=0)
        top5.append(torch.topk(probs, 5).indices.tolist())
    return top5


def dataloader_loop(model, paths, batch, workers):
    """The usual PyTorch answer to a slow decoder: a DataLoader with worker processes, batches to the model."""
    loader = torch.utils.data.DataLoader(Images(paths), batch_size=batch, num_workers=workers, shuffle=False)
    top5 = []
    for x in loader:
        probs = torch.softmax(model(x), dim=1)
        top5.extend(torch.topk(probs, 5, dim=1).indices.tolist())
    return top5


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--arch", default="resnet50")
    p.add_argument("--mode", choices=["seed", "dataloader"], required=True)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("images", nargs="+")
    args = p.parse_args()
    model = models.build(parse_arch(args.arch))
    model.load_state_dict(checkpoints.load_any(args.checkpoint), strict=True)
    model.eval()
    with torch.no_grad():
        # Warm-up (excluded): one batch through the model, as the TypeScript side does.
        model(torch.stack([load(p) for p in args.images[: args.batch]]))
        start = time.perf_counter()
        if args.mode == "seed":
            top5 = seed_loop(model, args.images)
        else:
            top5 = dataloader_loop(model, args.images, args.batch, args.workers)
        seconds = time.perf_counter() - start
    json.dump({"mode": args.mode, "images": len(args.images), "seconds": seconds, "top5": top5,
               "threads": torch.get_num_threads(), "torch": torch.__version__}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
