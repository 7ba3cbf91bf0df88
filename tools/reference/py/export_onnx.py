"""The PyTorch way to get an ONNX model from a checkpoint, timed phase by phase: the baseline of bench:convert."""
import resource
import time

import torch

import checkpoints
import models


def export(checkpoint, spec, out, opset=17):
    timings = {}
    t0 = time.perf_counter()
    sd = checkpoints.load_any(checkpoint)
    timings["load_s"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    model = models.build(spec)
    model.load_state_dict(sd, strict=True)
    model.eval()
    timings["build_and_load_state_dict_s"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    x = torch.zeros(1, 3, 224, 224)
    torch.onnx.export(model, x, out, opset_version=opset, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, do_constant_folding=True)
    timings["onnx_export_s"] = time.perf_counter() - t2
    timings["total_s"] = time.perf_counter() - t0
    timings["peak_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return timings
