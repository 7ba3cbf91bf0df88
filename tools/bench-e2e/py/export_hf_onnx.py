#!/usr/bin/python3
"""The checkpoint as a Hugging Face-style ONNX file, for transformers.js: `torch.onnx.export` of the seed's model
(torchvision's ResNet, BatchNorm left to onnxruntime's optimizer), input `pixel_values`, output `logits`, dynamic batch.

`/usr/bin/python3 export_hf_onnx.py --checkpoint ck.pth [--arch resnet50] --out DIR/onnx/model.onnx` prints one JSON
object. The TypeScript side writes config.json and preprocessor_config.json beside it (it has the labels).
"""
import argparse
import json
import os
import sys

import torch

from seed import load_model


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--arch", default="resnet50")
    p.add_argument("--out", required=True)
    p.add_argument("--opset", type=int, default=17)
    args = p.parse_args()
    model = load_model(args.checkpoint, args.arch)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = f"{args.out}.tmp-{os.getpid()}"
    torch.onnx.export(model, torch.zeros(1, 3, 224, 224), tmp, opset_version=args.opset,
                      input_names=["pixel_values"], output_names=["logits"],
                      dynamic_axes={"pixel_values": {0: "batch"}, "logits": {0: "batch"}}, do_constant_folding=True)
    os.replace(tmp, args.out)
    json.dump({"out": args.out, "bytes": os.path.getsize(args.out), "torch": torch.__version__}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
