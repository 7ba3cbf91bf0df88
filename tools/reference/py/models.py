"""torchvision's ResNet built from swsl's arch spec (the registry's `ArchSpec`, as JSON).

For baseWidth 64 this *is* torchvision's `ResNet` (the same class, `_make_layer`, blocks and forward); the subclass only
lets the stem width and stage planes shrink so test fixtures can be tiny with the exact same block structure.
"""
import torch
from torch import nn
from torchvision.models import resnet as tvr

# The six published architectures, as hubconf.py builds them (hubconf passes groups / width_per_group to ResNet).
ARCHS = {
    "resnet18": dict(block="basic", layers=[2, 2, 2, 2], groups=1, widthPerGroup=64),
    "resnet50": dict(block="bottleneck", layers=[3, 4, 6, 3], groups=1, widthPerGroup=64),
    "resnext50_32x4d": dict(block="bottleneck", layers=[3, 4, 6, 3], groups=32, widthPerGroup=4),
    "resnext101_32x4d": dict(block="bottleneck", layers=[3, 4, 23, 3], groups=32, widthPerGroup=4),
    "resnext101_32x8d": dict(block="bottleneck", layers=[3, 4, 23, 3], groups=32, widthPerGroup=8),
    "resnext101_32x16d": dict(block="bottleneck", layers=[3, 4, 23, 3], groups=32, widthPerGroup=16),
}
for _spec in ARCHS.values():
    _spec.update(numClasses=1000, baseWidth=64)

BLOCKS = {"basic": tvr.BasicBlock, "bottleneck": tvr.Bottleneck}


def spec_for(arch):
    """An arch name from ARCHS, or a JSON-decoded spec dict (missing fields take torchvision's defaults)."""
    if isinstance(arch, str):
        if arch not in ARCHS:
            raise SystemExit(f"unknown arch {arch!r}; known: {', '.join(ARCHS)}")
        return dict(ARCHS[arch])
    spec = dict(groups=1, widthPerGroup=64, numClasses=1000, baseWidth=64)
    spec.update(arch)
    return spec


class SpecResNet(tvr.ResNet):
    """torchvision.models.ResNet with a configurable base width (64 reproduces torchvision exactly)."""

    def __init__(self, spec):
        nn.Module.__init__(self)
        block = BLOCKS[spec["block"]]
        base = spec["baseWidth"]
        self._norm_layer = nn.BatchNorm2d
        self.inplanes = base
        self.dilation = 1
        self.groups = spec["groups"]
        self.base_width = spec["widthPerGroup"]
        self.conv1 = nn.Conv2d(3, base, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(base)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        layers = spec["layers"]
        self.layer1 = self._make_layer(block, base, layers[0])
        self.layer2 = self._make_layer(block, base * 2, layers[1], stride=2)
        self.layer3 = self._make_layer(block, base * 4, layers[2], stride=2)
        self.layer4 = self._make_layer(block, base * 8, layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(base * 8 * block.expansion, spec["numClasses"])
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")


def build(spec):
    """torchvision's own class for the published widths, the subclass otherwise."""
    block = BLOCKS[spec["block"]]
    if spec["baseWidth"] == 64:
        return tvr.ResNet(block, spec["layers"], num_classes=spec["numClasses"], groups=spec["groups"],
                          width_per_group=spec["widthPerGroup"])
    return SpecResNet(spec)


def count_parameters(model):
    return sum(p.numel() for p in model.parameters())


def forward_with_features(model, x):
    """Logits and the pooled vector that feeds fc, from one forward pass."""
    pooled = {}
    handle = model.avgpool.register_forward_hook(lambda _m, _i, out: pooled.setdefault("v", torch.flatten(out, 1)))
    try:
        logits = model(x)
    finally:
        handle.remove()
    return logits, pooled["v"]
