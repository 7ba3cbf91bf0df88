// Declares every command and option, and loads a command's code (and the runtime, onnxruntime, sharp…) only when
// that command runs: `swsl --help` and `swsl cite` load commander and the registry, nothing else.
import {
  DEFAULT_VARIANT_NAME,
  type Dtype,
  RANGE_METHODS,
  SOURCE_CHOICES,
  type SourceChoice,
  VARIANTS,
} from '@swsl/registry/names';
import { Command, InvalidArgumentError, Option } from 'commander';
import { addBenchCommand } from './commands/bench-program.js';
import type * as convertModule from './commands/convert.js';
import { addQueueCommands } from './commands/queue-program.js';
import { addServeCommand } from './commands/serve-program.js';
import { LAYOUTS } from './eval/layout-names.js';
import { addModelOptions, dtypeOption, modelGiven, positiveInt } from './model-options.js';
import { createTerminal, type Terminal } from './terminal.js';

interface GlobalFlags {
  cacheDir?: string;
  offline?: boolean;
  source?: SourceChoice;
  quiet?: boolean;
}

/**
 * The `swsl` command line. Each action resolves to an exit status (see exit-codes.ts) which `run` returns; errors
 * are thrown and turned into one line by `run`.
 */
export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('swsl')
    .description(
      "Facebook's semi-supervised (SSL) and semi-weakly supervised (SWSL) ImageNet classifiers, exact to PyTorch.",
    )
    .version(process.env.SWSL_CLI_VERSION ?? '0.1.0')
    .option('--cache-dir <dir>', 'model cache (default: $SWSL_HOME, $XDG_CACHE_HOME/swsl or ~/.cache/swsl)')
    .option('--offline', 'never touch the network (also SWSL_OFFLINE=1)')
    .addOption(
      new Option(
        '--source <source>',
        "where weights come from: auto (Facebook's URL, then the Hugging Face hub), fb or hf (also SWSL_SOURCE; the hub: HF_ENDPOINT)",
      ).choices(SOURCE_CHOICES),
    )
    .option('-q, --quiet', 'no progress or notices on stderr')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  const terminal = (): [Terminal, GlobalFlags] => {
    const g = program.opts<GlobalFlags>();
    return [createTerminal({ quiet: g.quiet ?? false }), g];
  };
  const store = (g: GlobalFlags) => ({
    ...(g.cacheDir ? { cacheDir: g.cacheDir } : {}),
    ...(g.offline ? { offline: true } : {}),
    ...(g.source ? { source: g.source } : {}),
  });
  const dtype = dtypeOption;
  const variantHelp = `a variant (${VARIANTS.slice(0, 2)
    .map((v) => v.name)
    .join(', ')}, …; see \`swsl models\`)`;

  program
    .command('models')
    .description('list the 12 variants with their published accuracy, size, license and cache state')
    .option('--json', 'machine-readable output')
    .action(async (flags: { json?: boolean }) => {
      const [t, g] = terminal();
      const { modelsCommand } = await import('./commands/models.js');
      setExit(await modelsCommand(t, { ...store(g), ...flags }));
    });

  program
    .command('cite')
    .description("the paper's BibTeX entry (the models' authors ask every user to cite it) and the weights' license")
    .option('--json', 'machine-readable output: {bibtex, license}')
    .action(async (flags: { json?: boolean }) => {
      const [t] = terminal();
      const { citeCommand } = await import('./commands/cite.js');
      setExit(citeCommand(t, flags));
    });

  program
    .command('pull')
    .description('download, verify and convert variants into the cache (prints each ONNX path)')
    .argument('<variant...>', variantHelp)
    .addOption(dtype())
    .action(async (names: string[], flags: { dtype: Dtype }) => {
      const [t, g] = terminal();
      const { pullCommand } = await import('./commands/pull.js');
      setExit(await pullCommand(t, names, { ...store(g), ...flags }));
    });

  program
    .command('convert')
    .description('convert a .pth / .bin / .safetensors checkpoint to ONNX (prints the output path)')
    .argument('<checkpoint>', 'PyTorch checkpoint (legacy or zip torch.save) or safetensors file')
    .option('--arch <arch>', 'architecture to check against: auto, or resnet18 … resnext101_32x16d', 'auto')
    .addOption(dtype())
    .option('-o, --output <file>', 'output .onnx (default: beside the checkpoint)')
    .option(
      '--labels <file>',
      "class names of a fine-tuned checkpoint, in output order: one per line, or a CSV with a header 'wnid,name'",
    )
    .option('--calibration <dir>', 'int8/w8: photos to calibrate on (default: 11 CC0 photos shipped with swsl)')
    .addOption(
      new Option('--calibration-method <method>', 'int8: how activation ranges are chosen')
        .choices(RANGE_METHODS)
        .default('percentile'),
    )
    .action(async (checkpoint: string, flags: Parameters<typeof convertModule.convertCommand>[2]) => {
      const [t] = terminal();
      const { convertCommand } = await import('./commands/convert.js');
      setExit(await convertCommand(t, checkpoint, flags));
    });

  const classify = program
    .command('classify')
    .description('top-k ImageNet classes of images: files, directories (recursive), quoted globs, or - for stdin')
    .argument('<inputs...>', 'image files, directories, globs, or -')
    .option('-k, --top-k <k>', 'classes per image', positiveInt, 5);
  addModelOptions(classify)
    .option('--json', 'one JSON array of results at the end')
    .option('--jsonl', 'one JSON object per image, as each finishes')
    .action(async (inputs: string[], flags, command: Command) => {
      const [t, g] = terminal();
      const { classifyCommand } = await import('./commands/classify.js');
      setExit(await classifyCommand(t, inputs, { ...store(g), ...flags }, modelGiven(command)));
    });

  const evaluate = program
    .command('eval')
    .description(
      'top-1/top-5 accuracy on an ImageNet-style validation set, with 95% intervals, beside the published figures',
    )
    .argument('<dir>', 'the validation images: one folder per class, or a flat folder with its ground truth')
    .addOption(
      new Option('--layout <layout>', 'how the ground truth is given (default: detected)').choices([...LAYOUTS]),
    )
    .option(
      '--labels <file>',
      'ground truth: LOC_val_solution.csv, ILSVRC2012_validation_ground_truth.txt, or a CSV "file,label" (label: class index, wnid or name)',
    )
    .option('--limit <n>', 'evaluate n images (the same n each run, spread over the classes)', positiveInt)
    .option('--results <file>', 'per-image results, JSON lines; a rerun skips what it holds (default: in the cache)')
    .option('--fresh', 'start the results file over instead of resuming it');
  addModelOptions(evaluate)
    .option('--json', 'the summary as JSON, with per-class accuracy')
    .action(async (dir: string, flags, command: Command) => {
      const [t, g] = terminal();
      const { evalCommand } = await import('./commands/eval.js');
      setExit(await evalCommand(t, dir, { ...store(g), ...flags }, modelGiven(command)));
    });

  const embed = program
    .command('embed')
    .description('pooled features (the vector that feeds the classifier, 512 or 2048 floats) as .npy or JSON lines')
    .argument('<inputs...>', 'image files, directories, globs, or -')
    .option('-o, --output <file>', '.npy of N×D float32 rows, with <name>.index.jsonl (with --jsonl: a JSONL file)')
    .option('--jsonl', 'JSON lines {"file", "embedding"} instead of .npy (to stdout without -o)')
    .option('--normalize', 'scale each vector to unit L2 length');
  addModelOptions(embed).action(async (inputs: string[], flags, command: Command) => {
    const [t, g] = terminal();
    if (!flags.output && !flags.jsonl) throw new InvalidArgumentError('embed needs -o <file.npy> (or --jsonl)');
    const { embedCommand } = await import('./commands/embed.js');
    setExit(await embedCommand(t, inputs, { ...store(g), ...flags }, modelGiven(command)));
  });

  program
    .command('preprocess')
    .description('write the exact 224×224 crop the model sees (.png) and optionally the normalized tensor (.npy)')
    .argument('<inputs...>', 'image files, directories (recursive), quoted globs, or - for stdin')
    .requiredOption('-o, --output <dir>', 'output directory')
    .option('--npy', 'also write the normalized NCHW float32 tensor as .npy')
    .option('-m, --model <variant>', 'variant whose preprocessing to use', DEFAULT_VARIANT_NAME)
    .action(async (images: string[], flags: { output: string; npy?: boolean; model: string }) => {
      const [t] = terminal();
      const { preprocessCommand } = await import('./commands/preprocess.js');
      setExit(await preprocessCommand(t, images, flags));
    });

  program
    .command('doctor')
    .description(
      'what this machine can run (CPU, CUDA, WebGPU), the cache, and the weight sources; each "no" with its fix',
    )
    .option('--json', 'machine-readable output')
    .action(async (flags: { json?: boolean }) => {
      const [t, g] = terminal();
      const { doctorCommand } = await import('./commands/doctor.js');
      setExit(await doctorCommand(t, { ...store(g), ...flags }));
    });

  const cache = program.command('cache').description('inspect and manage the model cache');
  cache
    .command('dir')
    .description('print the cache directory')
    .action(async () => {
      const [t, g] = terminal();
      const { cacheDirCommand } = await import('./commands/cache.js');
      setExit(await cacheDirCommand(t, store(g)));
    });
  cache
    .command('ls')
    .description('list cached checkpoints and ONNX models')
    .option('--json', 'machine-readable output')
    .action(async (flags: { json?: boolean }) => {
      const [t, g] = terminal();
      const { cacheLsCommand } = await import('./commands/cache.js');
      setExit(await cacheLsCommand(t, { ...store(g), ...flags }));
    });
  cache
    .command('rm')
    .description("remove variants' checkpoints and ONNX models")
    .argument('[variant...]', variantHelp)
    .option('--all', 'remove every variant')
    .action(async (names: string[], flags: { all?: boolean }) => {
      const [t, g] = terminal();
      if (!names.length && !flags.all) throw new InvalidArgumentError('name a variant, or pass --all');
      const { cacheRmCommand } = await import('./commands/cache.js');
      setExit(await cacheRmCommand(t, names, { ...store(g), ...flags }));
    });
  cache
    .command('verify')
    .description('re-hash every cached file against its recorded and official sha256')
    .action(async () => {
      const [t, g] = terminal();
      const { cacheVerifyCommand } = await import('./commands/cache.js');
      setExit(await cacheVerifyCommand(t, store(g)));
    });

  // `swsl queue …` and `swsl worker` (BullMQ + Redis, loaded only when one of them runs).
  addQueueCommands(program, {
    terminal: () => {
      const [t, g] = terminal();
      return [t, store(g)];
    },
    setExit,
  });

  // `swsl bench`: the throughput grid.
  addBenchCommand(program, {
    terminal: () => {
      const [t, g] = terminal();
      return [t, store(g)];
    },
    setExit,
  });

  // `swsl serve`: the models over HTTP (@swsl/server, loaded only when it runs).
  addServeCommand(program, {
    terminal: () => {
      const [t, g] = terminal();
      return [t, store(g)];
    },
    setExit,
  });

  return program;
}
