"""Hostile checkpoints for the converter's safety tests: each must be refused with a typed error, fast.

- os-system.{legacy,zip}.pth: a state dict holding an object whose unpickling calls os.system (what a malicious
  .pth does to torch.load without weights_only);
- huge-storage.{legacy,zip}.pth: a well-formed file whose storage claims 10^12 float32 elements (4 TB).
"""
import collections
import io
import os
import pickle
import struct
import zipfile

import torch

from checkpoints import _atomic_write, save_torch

LEGACY_MAGIC = 0x1950A86A20F9469CFC6C
HUGE = 10 ** 12


class RunsShell:
    def __reduce__(self):
        return (os.system, ("echo swsl-test-should-never-run",))


class _FakeStorage:
    pass


class _FakeTensor:
    def __init__(self, storage):
        self.storage = storage

    def __reduce__(self):
        return (torch._utils._rebuild_tensor_v2,
                (self.storage, 0, (HUGE,), (1,), False, collections.OrderedDict()))


class _StoragePickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, _FakeStorage):
            return ("storage", torch.FloatStorage, "0", "cpu", HUGE)
        return None


def _huge_state_dict_pickle():
    buf = io.BytesIO()
    _StoragePickler(buf, protocol=2).dump(collections.OrderedDict([("conv1.weight", _FakeTensor(_FakeStorage()))]))
    return buf.getvalue()


def write_all(out):
    os.makedirs(out, exist_ok=True)
    written = []
    evil = collections.OrderedDict([("conv1.weight", torch.zeros(2)), ("payload", RunsShell())])
    for fmt in ("legacy", "zip"):
        path = os.path.join(out, f"os-system.{fmt}.pth")
        save_torch(evil, path, fmt, zip_prefix="archive")
        written.append(path)

    # Legacy layout by hand: magic, protocol version, sys_info, the object, the key list, then storage "0"
    # announcing 10^12 elements followed by just 16 bytes of data.
    body = io.BytesIO()
    for obj in (LEGACY_MAGIC, 1001, dict(protocol_version=1001, little_endian=True,
                                          type_sizes=dict(short=2, int=4, long=4))):
        pickle.dump(obj, body, protocol=2)
    body.write(_huge_state_dict_pickle())
    pickle.dump(["0"], body, protocol=2)
    body.write(struct.pack("<q", HUGE) + b"\0" * 16)
    path = os.path.join(out, "huge-storage.legacy.pth")
    _atomic_write(path, body.getvalue())
    written.append(path)

    # Zip layout: data.pkl with the same claim, and a 16-byte storage entry.
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("archive/data.pkl", _huge_state_dict_pickle())
        zf.writestr("archive/data/0", b"\0" * 16)
        zf.writestr("archive/version", "3\n")
    path = os.path.join(out, "huge-storage.zip.pth")
    _atomic_write(path, zbuf.getvalue())
    written.append(path)
    return written
