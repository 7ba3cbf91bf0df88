// The two JSON files transformers.js reads beside onnx/model.onnx to load a ResNet classifier with no network.
// Written from swsl's own registry, so both libraries use the same labels and the same eval preprocessing.
import { IMAGENET_EVAL_PREPROCESSING, labels, type PreprocessSpec } from '@swsl/registry';

/** PIL's resampling codes, which transformers.js's `resample` follows (2 = bilinear, as torchvision's Resize). */
const PIL_RESAMPLE = { nearest: 0, bilinear: 2, bicubic: 3 } as const;

/**
 * config.json: `model_type: "resnet"` makes AutoModelForImageClassification pick ResNetForImageClassification (a
 * plain session over onnx/model.onnx); `id2label` names the logits. The shape fields are resnet50's, for the record
 * (transformers.js does not read them).
 */
export function resnetConfig(names: readonly string[] = labels.map((l) => l.name)): Record<string, unknown> {
  return {
    model_type: 'resnet',
    architectures: ['ResNetForImageClassification'],
    num_channels: 3,
    embedding_size: 64,
    hidden_sizes: [256, 512, 1024, 2048],
    depths: [3, 4, 6, 3],
    layer_type: 'bottleneck',
    hidden_act: 'relu',
    id2label: Object.fromEntries(names.map((name, i) => [String(i), name])),
    label2id: Object.fromEntries(names.map((name, i) => [name, i])),
  };
}

/**
 * preprocessor_config.json: the seed's eval transform in transformers.js's terms — shortest edge to 256, center crop
 * 224, ×1/255, ImageNet mean/std. `BitImageProcessor` is transformers.js's base ImageProcessor under a name
 * AutoProcessor accepts (it requires `image_processor_type`); `ConvNextImageProcessor`, what Hugging Face's own
 * ResNets name, would get there too, through `shortest_edge: 224` and `crop_pct: 0.875`. Its resize is sharp's, not
 * Pillow's, so pixels (and a few near-tied top-1s) differ from PyTorch's and swsl's.
 */
export function preprocessorConfig(spec: PreprocessSpec = IMAGENET_EVAL_PREPROCESSING): Record<string, unknown> {
  return {
    image_processor_type: 'BitImageProcessor',
    do_convert_rgb: true,
    do_resize: true,
    size: { shortest_edge: spec.resizeSize },
    resample: PIL_RESAMPLE[spec.interpolation],
    do_center_crop: true,
    crop_size: { height: spec.cropSize, width: spec.cropSize },
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [...spec.mean],
    image_std: [...spec.std],
  };
}
