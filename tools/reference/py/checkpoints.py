"""Writes a state dict the ways the published files (and their mirrors) store it.

- legacy: `torch.save(..., _use_new_zipfile_serialization=False)`, the pre-1.6 format of the 2019 official files;
- zip: today's `torch.save`; the archive's folder is the saved file's base name, or `archive` when saved to a buffer;
- safetensors: 8-byte little-endian header length, JSON header, raw little-endian bytes (timm's mirror).
"""
import collections
import io
import json
import os
import struct
import tempfile

import numpy as np
import torch

SAFETENSORS_DTYPES = {
    torch.float32: "F32",
    torch.float16: "F16",
    torch.bfloat16: "BF16",
    torch.int64: "I64",
}


def shape_state_dict(model, *, num_batches_tracked=True, container="ordereddict", wrap=None, module_prefix=False,
                     dtype=None):
    sd = model.state_dict()
    items = [(k, v.detach().clone()) for k, v in sd.items()
             if num_batches_tracked or not k.endswith("num_batches_tracked")]
    if dtype is not None:
        items = [(k, v.to(dtype) if v.is_floating_point() else v) for k, v in items]
    if module_prefix:
        items = [("module." + k, v) for k, v in items]
    # A fresh container: no `_metadata`, exactly as a state dict that was filtered or rebuilt by hand.
    out = collections.OrderedDict(items) if container == "ordereddict" else dict(items)
    if wrap:
        out = {wrap: out, "epoch": 90, "arch": "resnet"}
    return out


def _atomic_write(path, data):
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def save_torch(obj, path, fmt, zip_prefix=None, protocol=2):
    buf = io.BytesIO()
    if fmt == "legacy":
        torch.save(obj, buf, _use_new_zipfile_serialization=False, pickle_protocol=protocol)
        data = buf.getvalue()
    elif fmt == "zip":
        if zip_prefix == "archive":
            torch.save(obj, buf, pickle_protocol=protocol)  # saving to a buffer names the folder `archive/`
            data = buf.getvalue()
        else:
            # torch names the folder after the file (without extension), so save under the final base name.
            with tempfile.TemporaryDirectory(dir=os.path.dirname(os.path.abspath(path))) as tmpdir:
                tmp = os.path.join(tmpdir, os.path.basename(path))
                torch.save(obj, tmp, pickle_protocol=protocol)
                with open(tmp, "rb") as fh:
                    data = fh.read()
    else:
        raise ValueError(fmt)
    _atomic_write(path, data)


def save_safetensors(state_dict, path, metadata=None):
    header = {}
    chunks = []
    offset = 0
    for name, tensor in state_dict.items():
        t = tensor.contiguous()
        if t.dtype not in SAFETENSORS_DTYPES:
            raise ValueError(f"{name}: dtype {t.dtype} has no safetensors code here")
        # numpy has no bfloat16: write its 16-bit patterns. Native byte order is little-endian on every target here.
        raw = (t.view(torch.int16) if t.dtype == torch.bfloat16 else t).numpy().tobytes()
        header[name] = {"dtype": SAFETENSORS_DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # the format pads the header with spaces to 8-byte alignment
    _atomic_write(path, struct.pack("<Q", len(text)) + text + b"".join(chunks))


def load_safetensors(path):
    """Reads back what save_safetensors wrote (no extra Python packages needed)."""
    with open(path, "rb") as fh:
        data = fh.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    np_types = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    base = 8 + n
    out = collections.OrderedDict()
    for name, info in header.items():
        b, e = info["data_offsets"]
        if info["dtype"] == "BF16":
            raw = np.frombuffer(data[base + b:base + e], dtype="<i2").copy()
            t = torch.from_numpy(raw).view(torch.bfloat16)
        else:
            t = torch.from_numpy(np.frombuffer(data[base + b:base + e], dtype=np_types[info["dtype"]]).copy())
        out[name] = t.reshape(info["shape"])
    return out


def load_any(path):
    """A state dict from any of the formats above, unwrapped and without `module.` prefixes."""
    if path.endswith(".safetensors"):
        sd = load_safetensors(path)
    else:
        sd = torch.load(path, map_location="cpu")
    for key in ("state_dict", "model"):
        if isinstance(sd, dict) and key in sd and isinstance(sd[key], dict):
            sd = sd[key]
    return collections.OrderedDict((k[len("module."):] if k.startswith("module.") else k, v) for k, v in sd.items())
