"""The seed's PyTorch code, imported from bench:pipeline's script rather than copied.

`packages/cli/bench/pipelined-vs-torch.py` holds the seed's eval transform (`TRANSFORM`, `load`), its per-image loop
(`seed_loop`) and a DataLoader loop; its file name has hyphens, so it is loaded by path. Importing it also puts
tools/reference/py on sys.path (calibrate, checkpoints, models, oracle) and sets torch's threads
(SWSL_ORACLE_THREADS, default 2).
"""
import importlib.util
import os

_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../packages/cli/bench/pipelined-vs-torch.py")
_spec = importlib.util.spec_from_file_location("pipelined_vs_torch", _PATH)
seed = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(seed)

import checkpoints  # noqa: E402  (on sys.path once the seed script is loaded)
import models  # noqa: E402
from oracle import parse_arch  # noqa: E402


def load_model(checkpoint, arch):
    """torchvision's ResNet with the checkpoint's weights, in eval mode (as the seed's script builds it)."""
    model = models.build(parse_arch(arch))
    model.load_state_dict(checkpoints.load_any(checkpoint), strict=True)
    return model.eval()
