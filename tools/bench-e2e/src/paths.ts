// Every path the benchmark times, in the order each round runs them. Ids are stable: the docs' report keys on them.

export interface PathInfo {
  readonly id: string;
  readonly name: string;
  readonly what: string;
  /** Timed as a whole process (start, model load, cold first batch) rather than warm. */
  readonly wholeProcess?: boolean;
  /** The swsl pipeline whose ceiling this path is held to. */
  readonly ceiling?: 'fp32' | 'int8';
}

export const PATHS: readonly PathInfo[] = [
  {
    id: 'torch-seed',
    name: "PyTorch fp32, the seed's loop",
    what: 'PIL → Resize(256) → CenterCrop(224) → ToTensor → Normalize → model, one image at a time',
  },
  {
    id: 'torch-fx-int8',
    name: "PyTorch FX int8, the seed's loop",
    what: "prepare_fx / calibrate on the 11 calibration photos / convert_fx, quantized engine onednn; the seed's loop",
  },
  {
    id: 'torch-fx-int8-b8',
    name: 'PyTorch FX int8, batches of 8',
    what: 'the same quantized model; images decoded in-process, batches of 8',
  },
  {
    id: 'transformers-js',
    name: 'transformers.js fp32',
    what: "pipeline('image-classification') on the same weights (torch.onnx.export), onnxruntime-node, batches of 8",
  },
  {
    id: 'swsl-fp32-stream',
    name: 'swsl fp32, stream API',
    what: 'withPipeline(createClassifier({ onnx }), { decodeWorkers }).stream(paths), batches of 8',
    ceiling: 'fp32',
  },
  {
    id: 'swsl-int8-stream',
    name: 'swsl int8, stream API',
    what: 'the same, on the `swsl convert --dtype int8` file',
    ceiling: 'int8',
  },
  {
    id: 'swsl-fp32-cli',
    name: 'swsl fp32, CLI process',
    what: 'swsl classify <folder> --weights fp32.onnx --json > /dev/null: start, load and exit included',
    wholeProcess: true,
    ceiling: 'fp32',
  },
  {
    id: 'swsl-int8-cli',
    name: 'swsl int8, CLI process',
    what: 'swsl classify <folder> --weights int8.onnx --json > /dev/null: start, load and exit included',
    wholeProcess: true,
    ceiling: 'int8',
  },
];
