// `swsl serve`'s options, declared without loading the server (or a runtime): see serve.ts for the command. Every
// option also reads an environment variable, for containers.
import { DEFAULT_VARIANT_NAME } from '@swsl/registry/names';
import { NODE_DEVICES, type NodeDevice } from '@swsl/runtime-node/device-names';
import { type Command, Option } from 'commander';
import { dtypeOption, nonNegativeInt, positiveInt } from '../model-options.js';
import type { StoreFlags } from '../model-store.js';
import type { Terminal } from '../terminal.js';

export interface ServeFlags extends StoreFlags {
  readonly model: readonly string[];
  readonly weights: readonly string[];
  /** The dtype of `--weights` checkpoints (variants give theirs as `name:dtype`). */
  readonly dtype: string;
  readonly host: string;
  readonly port: number;
  readonly maxBatch: number;
  readonly maxQueueDelayMs: number;
  readonly maxQueue: number;
  readonly bodyLimitMb: number;
  readonly deadlineMs: number;
  readonly requestTimeoutMs: number;
  readonly graceMs: number;
  readonly apiKey?: string;
  readonly corsOrigin?: string;
  readonly device: NodeDevice;
  readonly threads?: number;
  readonly decodeWorkers?: number;
}

/** Repeatable, and comma lists too (`--model a --model b:int8`, `SWSL_SERVE_MODELS=a,b:int8`). */
const collect = (value: string, previous: readonly string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];

const nonNegative = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`"${value}" must be a non-negative number`);
  return n;
};

const opt = (flags: string, description: string, env: string) => new Option(flags, description).env(env);

/** Registers `swsl serve`. Defaults here are the server's (`SERVE_DEFAULTS`, checked equal by a test). */
export function addServeCommand(
  program: Command,
  context: { readonly terminal: () => [Terminal, StoreFlags]; readonly setExit: (code: number) => void },
): void {
  program
    .command('serve')
    .description(
      'serve models over HTTP: the Open Inference Protocol v2 (KServe/Triton), /v1/models/{name}/classify for curl, /metrics; dynamic batching',
    )
    .addOption(
      opt('-m, --model <variant[:dtype]>', 'a model to serve, repeatable', 'SWSL_SERVE_MODELS')
        .argParser(collect)
        .default([], `${DEFAULT_VARIANT_NAME} unless --weights`),
    )
    .addOption(
      opt(
        '-w, --weights <file>',
        'a local .onnx or checkpoint to serve, repeatable (named after the file)',
        'SWSL_SERVE_WEIGHTS',
      )
        .argParser(collect)
        .default([], 'none'),
    )
    .addOption(dtypeOption().env('SWSL_SERVE_DTYPE'))
    .addOption(
      opt('--host <host>', 'address to listen on (0.0.0.0 in a container)', 'SWSL_SERVE_HOST').default('127.0.0.1'),
    )
    .addOption(
      opt('--port <port>', 'port (0: any free port)', 'SWSL_SERVE_PORT').argParser(nonNegativeInt).default(8080),
    )
    .addOption(
      opt('--max-batch <n>', 'images per batch at most', 'SWSL_SERVE_MAX_BATCH').argParser(positiveInt).default(8),
    )
    .addOption(
      opt('--max-queue-delay-ms <ms>', 'how long a batch waits for more requests', 'SWSL_SERVE_MAX_QUEUE_DELAY_MS')
        .argParser(nonNegative)
        .default(4),
    )
    .addOption(
      opt('--max-queue <n>', 'images admitted per model before 503 + Retry-After', 'SWSL_SERVE_MAX_QUEUE')
        .argParser(positiveInt)
        .default(64),
    )
    .addOption(
      opt('--body-limit-mb <mb>', 'largest request body (413 past it)', 'SWSL_SERVE_BODY_LIMIT_MB')
        .argParser(nonNegative)
        .default(32),
    )
    .addOption(
      opt('--deadline-ms <ms>', 'longest wait for an answer (504 past it)', 'SWSL_SERVE_DEADLINE_MS')
        .argParser(positiveInt)
        .default(30000),
    )
    .addOption(
      opt(
        '--request-timeout-ms <ms>',
        'longest time to receive a request (408 past it)',
        'SWSL_SERVE_REQUEST_TIMEOUT_MS',
      )
        .argParser(positiveInt)
        .default(30000),
    )
    .addOption(
      opt('--grace-ms <ms>', 'on SIGTERM, how long accepted requests may take to finish', 'SWSL_SERVE_GRACE_MS')
        .argParser(nonNegativeInt)
        .default(30000),
    )
    .addOption(
      opt('--api-key <key>', 'require "Authorization: Bearer <key>" (health probes stay open)', 'SWSL_API_KEY'),
    )
    .addOption(
      opt(
        '--cors-origin <origin>',
        'allow browser calls from this origin (CORS is off by default)',
        'SWSL_SERVE_CORS_ORIGIN',
      ),
    )
    .addOption(
      new Option('--device <device>', 'where to run: auto, cpu, cuda, webgpu (as for classify)')
        .choices(NODE_DEVICES)
        .default('auto')
        .env('SWSL_SERVE_DEVICE'),
    )
    .addOption(
      opt('--threads <n>', 'CPU threads for inference (default: all cores)', 'SWSL_SERVE_THREADS').argParser(
        positiveInt,
      ),
    )
    .addOption(
      opt(
        '--decode-workers <n>',
        'decode threads per model (default: 0 on the CPU, where sharp decodes in its own threads; all cores but one on a GPU)',
        'SWSL_SERVE_DECODE_WORKERS',
      ).argParser(nonNegativeInt),
    )
    .action(async (flags: ServeFlags) => {
      const [t, g] = context.terminal();
      const { serveCommand } = await import('./serve.js');
      context.setExit(await serveCommand(t, { ...g, ...flags }));
    });
}
