#!/usr/bin/python3
"""swsl's PyTorch reference oracle: checkpoints, preprocessing and outputs from the original stack.

Run with Debian's `/usr/bin/python3` (torch 1.13, torchvision 0.14, Pillow 9.4). Every command prints one JSON object
on stdout; files are written atomically. See ../README.md for the fixtures this regenerates.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402

import calibrate  # noqa: E402
import checkpoints  # noqa: E402
import models  # noqa: E402

# Both cores of the reference machine; Debian's torch defaults to 1 thread and is then far slower.
torch.set_num_threads(int(os.environ.get("SWSL_ORACLE_THREADS", "2")))


def emit(obj):
    json.dump(obj, sys.stdout)
    sys.stdout.write("\n")


def parse_arch(text):
    return models.spec_for(json.loads(text) if text.strip().startswith("{") else text)


def save_npy(path, array):
    tmp = f"{path}.tmp-{os.getpid()}.npy"
    np.save(tmp, np.ascontiguousarray(array))
    os.replace(tmp, path)


def cmd_info(_args):
    import onnx  # the int8 oracle reads swsl's ONNX files with it (python3-onnx)
    import PIL
    import torchvision
    emit({"python": sys.version.split()[0], "torch": torch.__version__, "torchvision": torchvision.__version__,
          "pillow": PIL.__version__, "numpy": np.__version__, "onnx": onnx.__version__,
          "threads": torch.get_num_threads()})


def param_counts():
    return {name: models.count_parameters(models.build(models.spec_for(name))) for name in models.ARCHS}


def cmd_param_counts(args):
    counts = param_counts()
    doc = {"command": "/usr/bin/python3 tools/reference/py/oracle.py param-counts --out " + args.out,
           "source": "sum(p.numel() for p in model.parameters()) of torchvision.models.resnet.ResNet",
           "counts": counts}
    checkpoints._atomic_write(args.out, (json.dumps(doc, indent=2) + "\n").encode())
    emit(doc)


def make_model(spec, seed):
    torch.manual_seed(seed)
    model = models.build(spec)
    # Calibrate at a small size: BN statistics only need to be real, not tuned to 224 px.
    return calibrate.randomize_and_calibrate(model, seed, image_size=64 if spec["baseWidth"] >= 64 else 48)


def write_checkpoint(model, spec, path, fmt, *, num_batches_tracked, container, wrap=None, module_prefix=False,
                     zip_prefix=None, dtype=None, protocol=2):
    sd = checkpoints.shape_state_dict(model, num_batches_tracked=num_batches_tracked, container=container,
                                      wrap=wrap, module_prefix=module_prefix, dtype=dtype)
    if fmt == "safetensors":
        if wrap:
            raise SystemExit("safetensors holds a flat tensor map: --wrap does not apply")
        checkpoints.save_safetensors(sd, path, metadata={"format": "pt"})
    else:
        checkpoints.save_torch(sd, path, fmt, zip_prefix=zip_prefix, protocol=protocol)
    return {"path": path, "format": fmt, "numBatchesTracked": num_batches_tracked, "container": container,
            "wrap": wrap, "modulePrefix": module_prefix, "zipPrefix": zip_prefix, "spec": spec,
            "bytes": os.path.getsize(path)}


def cmd_checkpoint(args):
    spec = parse_arch(args.arch)
    model = make_model(spec, args.seed)
    dtype = {"fp32": None, "fp16": torch.float16, "bf16": torch.bfloat16}[args.dtype]
    formats = args.format.split(",")
    suffix = {"legacy": ".legacy.pth", "zip": ".zip.pth", "safetensors": ".safetensors"}
    written = []
    for fmt in formats:
        # One format: --out is the file. Several: --out is a prefix, and each file gets its format's suffix.
        path = args.out if len(formats) == 1 else args.out + suffix[fmt]
        written.append(write_checkpoint(model, spec, path, fmt, num_batches_tracked=not args.no_num_batches_tracked,
                                        container=args.container, wrap=args.wrap, module_prefix=args.module_prefix,
                                        zip_prefix=args.zip_prefix, dtype=dtype, protocol=args.pickle_protocol))
    emit(written[0] if len(written) == 1 else {"files": written})


def forward(path, spec, x):
    model = models.build(spec)
    model.load_state_dict(checkpoints.load_any(path), strict=True)
    model.eval()
    with torch.no_grad():
        logits, features = models.forward_with_features(model, torch.from_numpy(x))
    return logits.numpy(), features.numpy()


def cmd_forward(args):
    spec = parse_arch(args.arch)
    x = np.load(args.input).astype(np.float32)
    logits, features = forward(args.checkpoint, spec, x)
    save_npy(args.out_prefix + ".logits.npy", logits)
    save_npy(args.out_prefix + ".features.npy", features)
    emit({"logits": args.out_prefix + ".logits.npy", "features": args.out_prefix + ".features.npy",
          "top5": np.argsort(-logits, axis=1)[:, :5].tolist()})


def seed_preprocess(path):
    """The seed's eval transform, verbatim: PIL open → RGB → Resize(256) → CenterCrop(224) → ToTensor → Normalize."""
    from PIL import Image
    from torchvision import transforms as T
    img = Image.open(path).convert("RGB")
    crop = T.CenterCrop(224)(T.Resize(256)(img))
    tensor = T.Normalize(mean=calibrate.IMAGENET_MEAN, std=calibrate.IMAGENET_STD)(T.ToTensor()(crop))
    return np.asarray(crop, dtype=np.uint8), tensor.numpy()


def cmd_preprocess(args):
    os.makedirs(args.out, exist_ok=True)
    written = []
    for path in args.images:
        crop, tensor = seed_preprocess(path)
        stem = os.path.join(args.out, os.path.basename(path))
        save_npy(stem + ".crop.npy", crop)
        save_npy(stem + ".tensor.npy", tensor)
        written.append({"image": path, "crop": stem + ".crop.npy", "tensor": stem + ".tensor.npy"})
    emit({"images": written})


def cmd_inputs(args):
    """Seeded normalized input tensors [N,3,H,W], photo-like, for parity tests."""
    g = torch.Generator().manual_seed(args.seed)
    x = calibrate.normalize(calibrate.synthetic_images(g, args.n, args.size))
    save_npy(args.out, x.numpy().astype(np.float32))
    emit({"path": args.out, "shape": list(x.shape)})


# The committed fixtures: tiny models of both block types, together covering legacy/zip/safetensors, dict and
# OrderedDict, with and without num_batches_tracked. Sizes keep everything committed under 2 MB.
TINY = {
    "tiny-basic": dict(block="basic", layers=[1, 2, 1, 1], groups=1, widthPerGroup=64, numClasses=1000, baseWidth=4),
    "tiny-bottleneck": dict(block="bottleneck", layers=[2, 1, 1, 1], groups=2, widthPerGroup=16, numClasses=10,
                            baseWidth=4),
}
TINY_FILES = [
    # (model, file suffix, format, num_batches_tracked, container, zip prefix)
    ("tiny-basic", "legacy.pth", "legacy", True, "dict", None),
    ("tiny-basic", "zip.pth", "zip", False, "ordereddict", None),
    ("tiny-basic", "safetensors", "safetensors", True, "ordereddict", None),
    ("tiny-bottleneck", "legacy.pth", "legacy", False, "ordereddict", None),
    ("tiny-bottleneck", "zip.pth", "zip", True, "dict", "archive"),
]


def cmd_fixtures(args):
    out = args.out
    os.makedirs(out, exist_ok=True)
    manifest = {"command": "/usr/bin/python3 tools/reference/py/oracle.py fixtures --out tools/reference/fixtures",
                "models": {}, "files": []}
    g = torch.Generator().manual_seed(7)
    x = calibrate.normalize(calibrate.synthetic_images(g, 2, 64)).numpy().astype(np.float32)
    save_npy(os.path.join(out, "tiny-input.npy"), x)
    for i, (name, spec) in enumerate(TINY.items()):
        model = make_model(spec, seed=100 + i)
        with torch.no_grad():
            logits, features = models.forward_with_features(model, torch.from_numpy(x))
        save_npy(os.path.join(out, f"{name}.logits.npy"), logits.numpy())
        save_npy(os.path.join(out, f"{name}.features.npy"), features.numpy())
        manifest["models"][name] = {"spec": spec, "parameters": models.count_parameters(model),
                                    "input": "tiny-input.npy", "logits": f"{name}.logits.npy",
                                    "features": f"{name}.features.npy"}
        for model_name, suffix, fmt, nbt, container, zip_prefix in TINY_FILES:
            if model_name != name:
                continue
            path = os.path.join(out, f"{name}.{suffix}")
            info = write_checkpoint(model, spec, path, fmt, num_batches_tracked=nbt, container=container,
                                    zip_prefix=zip_prefix)
            info["path"] = os.path.basename(path)
            info["model"] = name
            manifest["files"].append(info)
    param_doc = {"command": "/usr/bin/python3 tools/reference/py/oracle.py fixtures --out tools/reference/fixtures",
                 "source": "sum(p.numel() for p in model.parameters()) of torchvision.models.resnet.ResNet",
                 "counts": param_counts()}
    checkpoints._atomic_write(os.path.join(out, "torchvision-param-counts.json"),
                              (json.dumps(param_doc, indent=2) + "\n").encode())
    import adversarial
    manifest["adversarial"] = [os.path.basename(p) for p in adversarial.write_all(os.path.join(out, "adversarial"))]
    checkpoints._atomic_write(os.path.join(out, "manifest.json"), (json.dumps(manifest, indent=2) + "\n").encode())
    emit(manifest)


def cmd_image_corpus(args):
    import image_corpus
    emit(image_corpus.write_corpus(args.out, args.slice, save_npy))


def cmd_decode(args):
    import image_corpus
    emit(image_corpus.write_decoded(args.out, args.images, save_npy))


def cmd_decode_verdicts(args):
    import image_corpus
    emit(image_corpus.write_verdicts(args.out, args.images, save_npy))


def cmd_bench_preprocess(args):
    import image_bench
    emit(image_bench.bench(args.images, args.rounds, args.threads))


def cmd_classify(args):
    """The seed's exact code end to end: preprocessing, the model, softmax, top-k."""
    spec = parse_arch(args.arch)
    model = models.build(spec)
    model.load_state_dict(checkpoints.load_any(args.checkpoint), strict=True)
    model.eval()
    results = []
    with torch.no_grad():
        for path in args.images:
            _, tensor = seed_preprocess(path)
            logits = model(torch.from_numpy(tensor).unsqueeze(0))[0]
            probs = torch.softmax(logits, dim=0)
            top = torch.topk(probs, args.top_k)
            results.append({"image": path, "indices": top.indices.tolist(), "probabilities": top.values.tolist(),
                            "logits": logits[top.indices].tolist()})
    emit({"results": results})


def cmd_features(args):
    """The seed's preprocessing + the model, then torchvision's avgpool output (the vector fc reads) per image."""
    spec = parse_arch(args.arch)
    model = models.build(spec)
    model.load_state_dict(checkpoints.load_any(args.checkpoint), strict=True)
    model.eval()
    with torch.no_grad():
        x = torch.stack([torch.from_numpy(seed_preprocess(path)[1]) for path in args.images])
        _, features = models.forward_with_features(model, x)
    save_npy(args.out, features.numpy().astype(np.float32))
    emit({"path": args.out, "shape": list(features.shape), "images": args.images})


def cmd_adversarial(args):
    import adversarial
    emit({"files": adversarial.write_all(args.out)})


def cmd_int8_forward(args):
    import int8_oracle
    emit(int8_oracle.int8_forward(args, parse_arch(args.arch), save_npy))


def cmd_export_onnx(args):
    import export_onnx
    emit(export_onnx.export(args.checkpoint, parse_arch(args.arch), args.out))


def main(argv=None):
    p = argparse.ArgumentParser(prog="oracle.py", description=__doc__)
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("info", help="versions of the oracle stack")
    s = sub.add_parser("param-counts", help="torchvision parameter counts of the 6 architectures")
    s.add_argument("--out", required=True)
    s = sub.add_parser("checkpoint", help="a seeded, BN-calibrated checkpoint of any architecture")
    s.add_argument("--arch", required=True, help="arch name (resnet50, ...) or a JSON ArchSpec")
    s.add_argument("--format", required=True, help="legacy, zip or safetensors; a comma list writes each (--out = prefix)")
    s.add_argument("--pickle-protocol", type=int, default=2, help="pickle protocol of legacy/zip files (torch default 2)")
    s.add_argument("--container", choices=["dict", "ordereddict"], default="ordereddict")
    s.add_argument("--no-num-batches-tracked", action="store_true")
    s.add_argument("--wrap", choices=["state_dict", "model"], default=None)
    s.add_argument("--module-prefix", action="store_true", help="prefix keys with `module.` (DataParallel)")
    s.add_argument("--zip-prefix", choices=["archive"], default=None, help="folder name inside the zip")
    s.add_argument("--dtype", choices=["fp32", "fp16", "bf16"], default="fp32")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--out", required=True)
    s = sub.add_parser("forward", help="logits and pooled features of a checkpoint for given inputs")
    s.add_argument("--checkpoint", required=True)
    s.add_argument("--arch", required=True)
    s.add_argument("--input", required=True, help=".npy float32 [N,3,H,W]")
    s.add_argument("--out-prefix", required=True)
    s = sub.add_parser("preprocess", help="the seed's exact eval preprocessing of image files")
    s.add_argument("--out", required=True)
    s.add_argument("images", nargs="+")
    s = sub.add_parser("inputs", help="seeded normalized input tensors")
    s.add_argument("--n", type=int, default=2)
    s.add_argument("--size", type=int, default=224)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--out", required=True)
    s = sub.add_parser("fixtures", help="regenerate every committed fixture")
    s.add_argument("--out", required=True)
    s = sub.add_parser("image-corpus", help="images of every mode/size with Pillow's crops and tensors")
    s.add_argument("--slice", choices=["committed", "full"], default="full")
    s.add_argument("--out", required=True)
    s = sub.add_parser("decode", help="Pillow's convert('RGB') pixels of image files")
    s.add_argument("--out", required=True)
    s.add_argument("images", nargs="+")
    s = sub.add_parser("decode-verdicts", help="whether Pillow opens each image, and its convert('RGB') pixels")
    s.add_argument("--out", required=True)
    s.add_argument("images", nargs="+")
    s = sub.add_parser("bench-preprocess", help="ms/image of Pillow + torchvision, bytes to normalized tensor")
    s.add_argument("--rounds", type=int, default=5)
    s.add_argument("--threads", type=int, default=1)
    s.add_argument("images", nargs="+")
    s = sub.add_parser("classify", help="the seed's exact preprocessing + model + softmax top-k for image files")
    s.add_argument("--checkpoint", required=True)
    s.add_argument("--arch", required=True)
    s.add_argument("--top-k", type=int, default=5)
    s.add_argument("images", nargs="+")
    s = sub.add_parser("features", help="the seed's preprocessing + model: avgpool features [N, D] of image files")
    s.add_argument("--checkpoint", required=True)
    s.add_argument("--arch", required=True)
    s.add_argument("--out", required=True, help=".npy float32 [N, D], rows in image order")
    s.add_argument("images", nargs="+")
    s = sub.add_parser("adversarial", help="hostile checkpoints (os.system pickle, 10^12-element storage)")
    s.add_argument("--out", required=True)
    s = sub.add_parser("export-onnx", help="torch.load + load_state_dict + torch.onnx.export, timed")
    s.add_argument("--checkpoint", required=True)
    s.add_argument("--arch", required=True)
    s.add_argument("--out", required=True)
    s = sub.add_parser("int8-forward", help="swsl's int8 / w8 file reproduced in PyTorch at its scales (int8_oracle.py)")
    s.add_argument("--checkpoint", required=True, help="the checkpoint the ONNX file was converted from")
    s.add_argument("--arch", required=True)
    s.add_argument("--onnx", required=True, help="swsl's int8 or w8 ONNX file (read with python3-onnx)")
    s.add_argument("--input", required=True, help=".npy float32 [N,3,H,W]")
    s.add_argument("--out", required=True, help="folder for <free|forced>.<tensor>.npy")
    s.add_argument("--given", help="folder of another run's <tensor>.npy (uint8 values) and features.npy: "
                                   "also run each layer on them (forced.<tensor>.npy)")
    args = p.parse_args(argv)
    {"info": cmd_info, "param-counts": cmd_param_counts, "checkpoint": cmd_checkpoint, "forward": cmd_forward,
     "preprocess": cmd_preprocess, "inputs": cmd_inputs, "fixtures": cmd_fixtures, "adversarial": cmd_adversarial, "classify": cmd_classify, "features": cmd_features, "export-onnx": cmd_export_onnx,
     "int8-forward": cmd_int8_forward,
     "image-corpus": cmd_image_corpus, "decode": cmd_decode,
     "decode-verdicts": cmd_decode_verdicts, "bench-preprocess": cmd_bench_preprocess}[args.cmd](args)


if __name__ == "__main__":
    main()
