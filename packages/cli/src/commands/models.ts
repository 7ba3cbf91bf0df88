import { DTYPES } from '@swsl/core';
import { approximateOnnxBytes, countParameters, VARIANTS } from '@swsl/registry';
import { EXIT } from '../exit-codes.js';
import { openStore, type StoreFlags } from '../model-store.js';
import { dim, type Terminal } from '../terminal.js';

export async function modelsCommand(t: Terminal, flags: StoreFlags & { json?: boolean }): Promise<number> {
  const store = openStore(flags);
  const rows = await Promise.all(
    VARIANTS.map(async (v) => {
      const cached = await store.cached(v.name);
      return {
        name: v.name,
        family: v.family,
        pretraining: v.pretrainingData,
        arch: v.arch,
        paramsPublishedM: v.published.paramsM,
        paramsCounted: countParameters(v.archSpec),
        gflops: v.published.gflops,
        top1: v.published.top1,
        top5: v.published.top5,
        license: v.weights.license,
        /** Approximate ONNX file size per dtype, in bytes (before anything is converted). */
        onnxBytes: Object.fromEntries(DTYPES.map((d) => [d, approximateOnnxBytes(v.archSpec, d)])),
        cached: { checkpoint: cached.checkpoint, onnx: cached.onnx },
      };
    }),
  );
  if (flags.json) {
    t.out(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  const header = [
    'variant',
    'params (paper / counted)',
    'GFLOPs',
    'top-1',
    'top-5',
    'MB fp32/fp16/int8/w8',
    'family',
    'license',
    'cached',
  ];
  const mb = (bytes: number) => String(Math.round(bytes / 1e6));
  const table = rows.map((r) => [
    r.name,
    `${r.paramsPublishedM}M / ${(r.paramsCounted / 1e6).toFixed(1)}M`,
    String(r.gflops),
    r.top1.toFixed(1),
    r.top5.toFixed(1),
    DTYPES.map((d) => mb(r.onnxBytes[d] as number)).join('/'),
    r.family,
    r.license,
    [r.cached.checkpoint ? 'pth' : '', ...r.cached.onnx].filter(Boolean).join(',') || '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  t.out(`${line(header)}\n${table.map(line).join('\n')}\n`);
  t.err(
    dim(
      t.errColor,
      `top-1/top-5: ImageNet-1k val accuracy as published (Yalniz et al., 2019; \`swsl cite\` prints the BibTeX to cite). cache: ${store.cacheDir}\n`,
    ),
  );
  return EXIT.ok;
}
