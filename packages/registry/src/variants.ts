import { ARCHS, type ArchName, type ArchSpec } from './arch.js';
import { IMAGENET_EVAL_PREPROCESSING, type PreprocessSpec } from './preprocessing.js';

export type Family = 'ssl' | 'swsl';

export interface FamilyInfo {
  readonly family: Family;
  readonly title: string;
  /** What the model was pretrained on before ImageNet-1k fine-tuning. */
  readonly pretrainingData: string;
  /** Prefix of the official checkpoint file names. */
  readonly filePrefix: string;
  /** Suffix of timm's pretrained tag (`resnet50.fb_swsl_ig1b_ft_in1k`). */
  readonly timmTag: string;
}

export const FAMILIES: Readonly<Record<Family, FamilyInfo>> = {
  ssl: {
    family: 'ssl',
    title: 'semi-supervised',
    pretrainingData: 'YFCC100M (unlabeled, 100M Flickr images)',
    filePrefix: 'semi_supervised',
    timmTag: 'fb_ssl_yfcc100m_ft_in1k',
  },
  swsl: {
    family: 'swsl',
    title: 'semi-weakly supervised',
    pretrainingData: 'IG-1B (940M hashtagged Instagram images)',
    filePrefix: 'semi_weakly_supervised',
    timmTag: 'fb_swsl_ig1b_ft_in1k',
  },
};

export const WEIGHTS_BASE_URL = 'https://dl.fbaipublicfiles.com/semiweaksupervision/model_files/';
/** The Hugging Face hub (`HF_ENDPOINT` replaces it, as in `huggingface_hub`). */
export const HF_ENDPOINT_DEFAULT = 'https://huggingface.co';
export const WEIGHTS_LICENSE = 'CC-BY-NC-4.0';

/** Figures as printed in the paper / seed table; `null` where the table has none. */
export interface PublishedStats {
  /** Millions of parameters as published (resnet18's "14M" differs from torchvision's 11.7M; both are kept). */
  readonly paramsM: number;
  readonly gflops: number;
  readonly top1: number;
  readonly top5: number;
}

export interface Variant {
  /** torch.hub entry point, the canonical name: `resnet50_swsl`. */
  readonly name: string;
  readonly arch: ArchName;
  readonly archSpec: ArchSpec;
  readonly family: Family;
  readonly pretrainingData: string;
  /** timm model name with pretrained tag: `resnet50.fb_swsl_ig1b_ft_in1k`. */
  readonly timmName: string;
  /** Pre-0.9 timm name: `swsl_resnet50`. */
  readonly timmAlias: string;
  readonly published: PublishedStats;
  readonly weights: {
    readonly url: string;
    readonly fileName: string;
    /** First 8 hex digits of the file's sha256, as embedded in the file name (torch.hub's check). */
    readonly sha256Prefix: string;
    /** Full sha256 when known; the prefix is always checked. */
    readonly sha256?: string;
    readonly license: typeof WEIGHTS_LICENSE;
  };
  /**
   * The same weights on the Hugging Face hub, mirrored by timm as safetensors (torchvision's key names). Served with
   * CORS and Range, so browsers can download them; the hub publishes each file's sha256 (`X-Linked-Etag`).
   */
  readonly hub: HubFile;
  readonly preprocessing: PreprocessSpec;
}

/** A file in a Hugging Face hub repository. */
export interface HubFile {
  /** `timm/resnet50.fb_swsl_ig1b_ft_in1k` */
  readonly repo: string;
  readonly file: string;
  /** A branch, tag or commit; `main` follows the repository. */
  readonly revision: string;
}

// One row per architecture: [arch, file stem, ssl {hash, top1, top5}, swsl {hash, top1, top5}, params M, GFLOPs].
// Adding a variant = adding a row.
type Row = readonly [
  ArchName,
  string,
  readonly [string, number, number],
  readonly [string, number, number],
  number,
  number,
];

const ROWS: readonly Row[] = [
  ['resnet18', 'resnet18', ['d92f0530', 72.8, 91.5], ['118f1556', 73.4, 91.9], 14, 2],
  ['resnet50', 'resnet50', ['08389792', 79.3, 94.9], ['16a12f1b', 81.2, 96.0], 25, 4],
  ['resnext50_32x4d', 'resnext50_32x4', ['ddb3e555', 80.3, 95.4], ['72679e44', 82.2, 96.3], 25, 4],
  ['resnext101_32x4d', 'resnext101_32x4', ['dc43570a', 81.0, 95.7], ['3f87e46b', 83.4, 96.8], 42, 8],
  ['resnext101_32x8d', 'resnext101_32x8', ['2cfe2f8b', 81.7, 96.1], ['b4712904', 84.3, 97.2], 88, 16],
  ['resnext101_32x16d', 'resnext101_32x16', ['15fffa57', 81.9, 96.2], ['f3559a9c', 84.8, 97.4], 193, 36],
];

function makeVariant(row: Row, family: Family): Variant {
  const [arch, fileStem, ssl, swsl, paramsM, gflops] = row;
  const [sha256Prefix, top1, top5] = family === 'ssl' ? ssl : swsl;
  const info = FAMILIES[family];
  const fileName = `${info.filePrefix}_${fileStem}-${sha256Prefix}.pth`;
  return {
    name: `${arch}_${family}`,
    arch,
    archSpec: ARCHS[arch],
    family,
    pretrainingData: info.pretrainingData,
    timmName: `${arch}.${info.timmTag}`,
    timmAlias: `${family}_${arch}`,
    published: { paramsM, gflops, top1, top5 },
    weights: {
      url: WEIGHTS_BASE_URL + fileName,
      fileName,
      sha256Prefix,
      license: WEIGHTS_LICENSE,
    },
    hub: { repo: `timm/${arch}.${info.timmTag}`, file: 'model.safetensors', revision: 'main' },
    preprocessing: IMAGENET_EVAL_PREPROCESSING,
  };
}

/** The 12 published variants, ssl then swsl, smallest architecture first. */
export const VARIANTS: readonly Variant[] = (['ssl', 'swsl'] as const).flatMap((family) =>
  ROWS.map((row) => makeVariant(row, family)),
);

/** The variant `swsl classify` uses when none is named. */
export const DEFAULT_VARIANT_NAME = 'resnet50_swsl';
