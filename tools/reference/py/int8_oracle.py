"""The int8 (and w8) network, reproduced in PyTorch from the original checkpoint: the numerical oracle of issue 12.

Only the *choices* that define a quantized model are read from swsl's ONNX file (with Debian's python3-onnx): each
activation's uint8 scale and zero point, each weight's per-channel scale, and the biases. Everything else is redone
here, independently of swsl's TypeScript:

- the checkpoint is loaded into torchvision's own ResNet (models.py) and every BatchNorm folded into its conv with
  torch's float32 arithmetic and the BN module's own eps;
- the folded weights are quantized with `torch.fake_quantize_per_channel_affine` (axis 0, [-127, 127], zero point 0)
  at the file's scales — and the int8 values this gives are compared with the file's (a check of swsl's folding and
  rounding, reported in `weights`);
- activations are fake-quantized with `torch.fake_quantize_per_tensor_affine` (uint8, [0, 255]) at each quantization
  point: the input; the stem's ReLU (MaxPool then runs on that grid); each ReLU inside a block; the last conv of each
  block and its downsample, before the Add; each block's output after Add + ReLU. Conv / Add / ReLU / pooling are
  torch's float ops between them, which is what QLinearConv / QLinearAdd compute up to float rounding order;
- GlobalAveragePool and fc are float, fc's weight fake-quantized per output channel like the convs'.

The biases are taken from the file (int8: int32 × its `bias_scale`; w8: the float bias) and not re-derived: swsl's
biases hold calibrated bias correction (each 8-bit weight's mean error times the calibration images' channel means,
subtracted from the folded BN bias), so the file's bias *is* part of the definition of the quantized model. How far
each one moved from torch's own folded bias is reported (`biases`), and each int8 bias scale is checked to be the
conv's input scale × weight scale.

Two ways to run the int8 network:
- free: the oracle's own network end to end;
- forced (`--given DIR`): every layer reads the *given* quantized tensors (onnxruntime's, `DIR/<tensor>.npy`, uint8
  values) as its inputs, so each layer's output is compared with onnxruntime's alone, not with the drift of all the
  layers before it.
"""
import os

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

import checkpoints
import models

WEIGHT_QMAX = 127
ACTIVATION_QMAX = 255


class OnnxFile:
    """The initializers and metadata of a swsl ONNX file."""

    def __init__(self, path):
        self.model = onnx.load(path)
        self.init = {t.name: numpy_helper.to_array(t) for t in self.model.graph.initializer}
        self.meta = {p.key: p.value for p in self.model.metadata_props}
        self.dtype = self.meta.get("swsl.dtype")

    def get(self, name):
        if name not in self.init:
            raise SystemExit(f"the ONNX file has no initializer {name!r}")
        return self.init[name]

    def act(self, point):
        """(scale, zero point) of an activation quantization point."""
        scale = self.get(f"{point}.scale")
        zp = self.get(f"{point}.zero_point")
        if scale.dtype != np.float32 or zp.dtype != np.uint8 or scale.shape != () or zp.shape != ():
            raise SystemExit(f"{point}: expected a float32 scale and a uint8 zero point (scalars)")
        return float(scale), int(zp)


def fold(conv, bn):
    """Eval-mode BN folded into the conv before it, in torch's float32: W·γ/√(σ²+ε), β − μ·γ/√(σ²+ε)."""
    with torch.no_grad():
        scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
        return conv.weight * scale.reshape(-1, 1, 1, 1), bn.bias - bn.running_mean * scale


# A weight whose w / scale lies this close (in steps) to a half-integer is a rounding tie: torch (float32 BN scale,
# multiplying by 1/scale) and swsl (float64 BN scale, dividing by the scale) may round it to neighbouring integers.
TIE = 1e-4


class Report:
    def __init__(self):
        # mismatched: int8 weights that differ from the file's; ties: those on a rounding tie (|Δ| = 1); anything
        # else is a real disagreement.
        self.weights = {"tensors": 0, "values": 0, "mismatched": 0, "ties": 0, "maxAbsDiff": 0,
                        "maxScaleRelDiff": 0.0, "worst": None}
        self.biases = {"maxAbsCorrection": 0.0, "maxScaleRelDiff": 0.0}
        self.float_weights = {"maxAbsDiff": 0.0}

    def as_json(self):
        return {"weights": self.weights, "biases": self.biases, "floatWeights": self.float_weights}


def quantize_weight(name, w, onnx_file, report):
    """The oracle's 8-bit weight (fake-quantized at the file's per-channel scales), checked against the file's.

    Where the two differ on a rounding tie, the file's value is used: a tie is float noise in folding, not a different
    model, and the layers are compared on their arithmetic. Every other difference stays (and is reported).
    """
    scales = onnx_file.get(f"{name}_scale")
    stored = onnx_file.get(f"{name}_q")
    zps = onnx_file.get(f"{name}_zero_point")
    if stored.dtype != np.int8 or stored.shape != tuple(w.shape) or scales.shape != (w.shape[0],):
        raise SystemExit(f"{name}: expected int8 {tuple(w.shape)} and {w.shape[0]} scales, got {stored.shape}")
    if np.any(zps != 0):
        raise SystemExit(f"{name}: weights must be symmetric (zero point 0)")
    s = torch.from_numpy(scales.astype(np.float32))
    per_channel = s.reshape(-1, *([1] * (w.dim() - 1)))
    fq = torch.fake_quantize_per_channel_affine(w.detach(), s, torch.zeros(w.shape[0], dtype=torch.int32), 0,
                                                -WEIGHT_QMAX, WEIGHT_QMAX)
    ints = torch.round(fq / per_channel).to(torch.int64).numpy()
    stored = stored.astype(np.int64)
    diff = np.abs(ints - stored)
    exact = w.detach().numpy().astype(np.float64) / per_channel.numpy().astype(np.float64)
    tie = (diff == 1) & (np.abs(np.abs(exact - np.floor(exact)) - 0.5) <= TIE)
    r = report.weights
    r["tensors"] += 1
    r["values"] += int(diff.size)
    r["mismatched"] += int(np.count_nonzero(diff))
    r["ties"] += int(np.count_nonzero(tie))
    if int(diff.max()) > r["maxAbsDiff"]:
        r["maxAbsDiff"] = int(diff.max())
        r["worst"] = name
    # The scale swsl chose: max |w| / 127 per output channel of the folded weight (1 for an all-zero channel).
    max_abs = w.detach().abs().reshape(w.shape[0], -1).max(dim=1).values.numpy().astype(np.float64)
    expected = np.where(max_abs > 0, max_abs / WEIGHT_QMAX, 1.0)
    r["maxScaleRelDiff"] = max(r["maxScaleRelDiff"], float(np.max(np.abs(scales / expected - 1))))
    coarse = fq if not tie.any() else torch.from_numpy(np.where(tie, stored, ints).astype(np.float32)) * per_channel
    if f"{name}_residual_q" not in onnx_file.init:
        return coarse
    # w8 stores a few layers as two int8 terms: what the first left over, fake-quantized at the file's second scales.
    s2 = torch.from_numpy(onnx_file.get(f"{name}_residual_scale").astype(np.float32))
    residual = torch.fake_quantize_per_channel_affine(w.detach() - coarse, s2, torch.zeros(w.shape[0], dtype=torch.int32),
                                                      0, -WEIGHT_QMAX, WEIGHT_QMAX)
    return coarse + residual


def int8_bias(name, in_point, onnx_file, folded_bias, report):
    """The int32 bias × its scale (scale checked to be s_input · s_weight in float32)."""
    q = onnx_file.get(f"{name}.bias_q")
    scale = onnx_file.get(f"{name}.bias_scale")
    if q.dtype != np.int32 or np.any(onnx_file.get(f"{name}.bias_zero_point") != 0):
        raise SystemExit(f"{name}: expected an int32 bias with zero point 0")
    s_in, _ = onnx_file.act(in_point)
    expected = np.float32(s_in) * onnx_file.get(f"{name}.weight_scale").astype(np.float32)
    report.biases["maxScaleRelDiff"] = max(report.biases["maxScaleRelDiff"],
                                           float(np.max(np.abs(scale.astype(np.float64) / expected - 1))))
    bias = torch.from_numpy(q.astype(np.float64) * scale.astype(np.float64)).to(torch.float32)
    note_correction(bias, folded_bias, report)
    return bias


def note_correction(bias, folded_bias, report):
    """How far the file's bias is from torch's folded one: the bias correction (informative)."""
    moved = float((bias - folded_bias.detach()).abs().max())
    report.biases["maxAbsCorrection"] = max(report.biases["maxAbsCorrection"], moved)


def float_bias(name, onnx_file, folded_bias, report):
    b = torch.from_numpy(onnx_file.get(f"{name}.bias").astype(np.float32))
    note_correction(b, folded_bias, report)
    return b


class Conv:
    """One conv (BN folded) of the quantized network: what reads which tensor, with which weight and bias."""

    def __init__(self, name, conv, bn, onnx_file, report, *, in_point, int8, quantized=True):
        w, b = fold(conv, bn)
        self.name = name
        self.stride, self.padding, self.groups = conv.stride, conv.padding, conv.groups
        if quantized:
            self.weight = quantize_weight(f"{name}.weight", w, onnx_file, report)
        else:
            # w8 keeps the stem in float: the file's weight must be torch's folded one, up to float rounding.
            stored = torch.from_numpy(onnx_file.get(f"{name}.weight").astype(np.float32))
            report.float_weights["maxAbsDiff"] = max(report.float_weights["maxAbsDiff"],
                                                     float((stored - w).abs().max()))
            self.weight = w.detach()
        self.bias = int8_bias(name, in_point, onnx_file, b, report) if int8 else float_bias(name, onnx_file, b,
                                                                                              report)

    def __call__(self, x):
        return F.conv2d(x, self.weight, self.bias, self.stride, self.padding, 1, self.groups)


class Int8Network:
    """torchvision's ResNet as the int8 graph computes it; tensor names are those of swsl's `<tensor>_q` outputs."""

    def __init__(self, model, onnx_file, report):
        self.f = onnx_file
        int8 = onnx_file.dtype == "int8"
        self.int8 = int8
        # Each op: (layer type, output tensor, its quantization point, input tensors, function of the inputs).
        self.ops = []
        stem = Conv("conv1", model.conv1, model.bn1, onnx_file, report, in_point="input", int8=int8,
                    quantized=int8)
        self.ops.append(("conv+relu", "relu", "relu", ["input"], lambda x: F.relu(stem(x))))
        self.ops.append(("maxpool", "maxpool", "relu", ["relu"], lambda x: F.max_pool2d(x, 3, 2, 1)))
        tensor, point = "maxpool", "relu"
        for layer_name in ("layer1", "layer2", "layer3", "layer4"):
            for i, block in enumerate(getattr(model, layer_name)):
                prefix = f"{layer_name}.{i}"
                names = [n for n in ("conv1", "conv2", "conv3") if hasattr(block, n)]
                block_in, block_point = tensor, point
                y, y_point = block_in, block_point
                for k, n in enumerate(names):
                    conv = Conv(f"{prefix}.{n}", getattr(block, n), getattr(block, f"bn{n[-1]}"), onnx_file, report,
                                in_point=y_point, int8=int8)
                    last = k == len(names) - 1
                    out = f"{prefix}.{n}" if last else f"{prefix}.{n}.relu"
                    fn = conv if last else (lambda c: lambda x: F.relu(c(x)))(conv)
                    self.ops.append(("conv" if last else "conv+relu", out, out, [y], fn))
                    y, y_point = out, out
                identity = block_in
                if block.downsample is not None:
                    ds = Conv(f"{prefix}.downsample.0", block.downsample[0], block.downsample[1], onnx_file, report,
                              in_point=block_point, int8=int8)
                    identity = f"{prefix}.downsample.0"
                    self.ops.append(("conv", identity, identity, [block_in], ds))
                tensor = point = f"{prefix}.out"
                self.ops.append(("add+relu", tensor, point, [y, identity], lambda a, b: F.relu(a + b)))
        self.last = tensor
        with torch.no_grad():
            fc_w = model.fc.weight.detach()
            self.fc_weight = quantize_weight("fc.weight", fc_w, onnx_file, report)
            self.fc_bias = float_bias("fc", onnx_file, model.fc.bias.detach(), report)
        self.points = {"input": "input"}
        self.points.update({op[1]: op[2] for op in self.ops})

    def quantize(self, x, point):
        if not self.int8:
            return x
        scale, zp = self.f.act(point)
        return torch.fake_quantize_per_tensor_affine(x, scale, zp, 0, ACTIVATION_QMAX)

    def to_uint8(self, x, point):
        scale, zp = self.f.act(point)
        return (torch.round(x.double() / scale) + zp).to(torch.uint8).numpy()

    def from_uint8(self, q, point):
        scale, zp = self.f.act(point)
        return (torch.from_numpy(q.astype(np.float32)) - zp) * np.float32(scale)

    def run(self, x, given=None):
        """Every quantized tensor (dequantized), features and logits.

        With `given` (tensor name → uint8 values, and float `features`), each op reads the given tensors instead of
        its own: the output of every layer for the same inputs as the network that produced `given`.
        """
        given = given or {}
        fed = {k: self.from_uint8(v, self.points[k]) for k, v in given.items() if k in self.points}
        env = {}

        def read(name):
            return fed[name] if name in fed else env[name]

        with torch.no_grad():
            env["input"] = self.quantize(x, "input")
            for _kind, out, point, inputs, fn in self.ops:
                env[out] = self.quantize(fn(*[read(n) for n in inputs]), point)
            features = torch.flatten(F.adaptive_avg_pool2d(read(self.last), 1), 1)
            fc_in = torch.from_numpy(given["features"]) if "features" in given else features
            logits = F.linear(fc_in, self.fc_weight, self.fc_bias)
        return env, features, logits


def write_outputs(net, env, features, logits, out_dir, tag, save_npy):
    files = {}
    if net.int8:
        for name, value in env.items():
            path = os.path.join(out_dir, f"{tag}.{name}.npy")
            save_npy(path, net.to_uint8(value, net.points[name]))
            files[name] = path
    for name, value in (("features", features), ("logits", logits)):
        path = os.path.join(out_dir, f"{tag}.{name}.npy")
        save_npy(path, value.numpy().astype(np.float32))
        files[name] = path
    return files


def int8_forward(args, spec, save_npy):
    torch.manual_seed(0)
    onnx_file = OnnxFile(args.onnx)
    if onnx_file.dtype not in ("int8", "w8"):
        raise SystemExit(f"{args.onnx}: swsl.dtype is {onnx_file.dtype!r}, not int8 or w8")
    model = models.build(spec)
    model.load_state_dict(checkpoints.load_any(args.checkpoint), strict=True)
    model.eval()
    report = Report()
    net = Int8Network(model, onnx_file, report)
    x = torch.from_numpy(np.load(args.input).astype(np.float32))
    os.makedirs(args.out, exist_ok=True)
    env, features, logits = net.run(x)
    doc = {"dtype": onnx_file.dtype, **report.as_json(),
           "free": write_outputs(net, env, features, logits, args.out, "free", save_npy)}
    if net.int8:
        # Every quantized tensor: the input, then each op's output (its layer type, the tensors it reads).
        input_scale, input_zp = onnx_file.act("input")
        doc["tensors"] = [{"name": "input", "kind": "quantize", "point": "input", "inputs": [], "scale": input_scale,
                           "zeroPoint": input_zp}]
        for kind, out, point, inputs, _fn in net.ops:
            scale, zp = onnx_file.act(point)
            doc["tensors"].append({"name": out, "kind": kind, "point": point, "inputs": inputs, "scale": scale,
                                   "zeroPoint": zp})
    # The float model itself (torchvision's forward, nothing quantized), to size the quantization error.
    with torch.no_grad():
        fp32_logits, fp32_features = models.forward_with_features(model, x)
    doc["fp32"] = {}
    for name, value in (("features", fp32_features), ("logits", fp32_logits)):
        doc["fp32"][name] = os.path.join(args.out, f"fp32.{name}.npy")
        save_npy(doc["fp32"][name], value.numpy().astype(np.float32))
    # ‖w_j‖₁ of each row of fc's (8-bit) weight: logits move at most this × the largest change of a feature.
    doc["fcRowL1"] = net.fc_weight.abs().sum(dim=1).double().tolist()
    if args.given:
        given = {}
        for name in [*net.points, "features"]:
            path = os.path.join(args.given, f"{name}.npy")
            if os.path.exists(path):
                given[name] = np.load(path)
        missing = [name for name in [*net.points, "features"] if name not in given]
        if missing:
            raise SystemExit(f"--given {args.given} lacks {', '.join(f'{n}.npy' for n in missing)}")
        given["features"] = given["features"].astype(np.float32)
        env, features, logits = net.run(x, given)
        doc["forced"] = write_outputs(net, env, features, logits, args.out, "forced", save_npy)
    return doc
