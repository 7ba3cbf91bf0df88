import { NODE_DEVICES, type NodeDevice } from '@swsl/runtime-node/device-names';
import { type Command, Option } from 'commander';
import { addModelOptions, modelGiven, nonNegativeInt, positiveInt } from '../model-options.js';
import type { StoreFlags } from '../model-store.js';
import type { Terminal } from '../terminal.js';

/** What `buildProgram` shares with the commands it registers. */
export interface ProgramContext {
  readonly terminal: () => [Terminal, StoreFlags];
  readonly setExit: (code: number) => void;
}

const redisOption = () =>
  new Option(
    '--redis <url>',
    'Redis: redis://[user:password@]host:6379[/db], rediss:// for TLS (default: $SWSL_REDIS_URL, else redis://127.0.0.1:6379)',
  );

/**
 * `swsl queue …` and `swsl worker`: distributed jobs on BullMQ + Redis. Only the options are declared here; the
 * commands themselves (and BullMQ, ioredis) are loaded when one runs, so `swsl classify` never pays for them.
 */
export function addQueueCommands(program: Command, context: ProgramContext): void {
  const { terminal, setExit } = context;
  const queue = program
    .command('queue')
    .description('distributed jobs on BullMQ + Redis: submit inputs, watch a job, collect its results');

  const submit = queue
    .command('submit')
    .description('split inputs into chunks and queue them for `swsl worker`s (prints the job name)')
    .argument(
      '<inputs...>',
      'directories, image files, http(s) URLs, or manifests (a path/URL per line, or JSON lines {"input", "label"})',
    )
    .addOption(redisOption())
    .addOption(
      new Option('--task <task>', 'what workers do').choices(['classify', 'embed', 'eval']).default('classify'),
    )
    .option('--queue <name>', 'job (BullMQ queue) name (default: <task>-<model>-<hash of inputs and options>)')
    .option('--chunk-size <n>', 'inputs per chunk: the unit of work, retry and progress', positiveInt, 64)
    .option(
      '--lock-ms <ms>',
      'how long a silent worker keeps a chunk before another takes it over',
      positiveInt,
      30_000,
    )
    .option('--attempts <n>', 'workers a chunk may crash (or fail in) before it is failed', positiveInt, 3)
    .option('-k, --top-k <k>', 'classify: classes per row (eval rows have at least 5)', positiveInt, 5)
    .option('--normalize', 'embed: L2-normalize each vector');
  addModelOptions(submit).action(async (inputs: string[], flags, command: Command) => {
    const [t] = terminal();
    const { submitCommand } = await import('./queue.js');
    setExit(await submitCommand(t, inputs, flags, modelGiven(command)));
  });

  queue
    .command('status')
    .description('a job: inputs done and failed, chunks done / in flight / waiting / failed (with reasons), rate')
    .argument('[job]', 'job name (default: every job, or the only one)')
    .addOption(redisOption())
    .option('--json', 'machine-readable output')
    .action(async (job: string | undefined, flags: { redis?: string; json?: boolean }) => {
      const [t] = terminal();
      const { statusCommand } = await import('./queue.js');
      setExit(await statusCommand(t, job, flags));
    });

  queue
    .command('results')
    .description("a job's rows in input order: JSON lines (stdout or -o .jsonl), or embed vectors as -o .npy")
    .argument('[job]', 'job name (default: the only one)')
    .addOption(redisOption())
    .option('-o, --output <file>', '.jsonl, or .npy (embed: N×D float32, plus <file>.inputs.txt)')
    .option('--partial', 'write the rows done so far instead of refusing while chunks are pending')
    .option('--json', 'eval: the accuracy summary as JSON')
    .action(
      async (
        job: string | undefined,
        flags: { redis?: string; output?: string; partial?: boolean; json?: boolean },
      ) => {
        const [t] = terminal();
        const { resultsCommand } = await import('./queue.js');
        setExit(await resultsCommand(t, job, flags));
      },
    );

  queue
    .command('clean')
    .description("remove jobs and everything they keep in Redis (BullMQ's keys, inputs, results)")
    .argument('[jobs...]', 'job names')
    .addOption(redisOption())
    .option('--all', 'every job')
    .option('--force', 'even with chunks in flight')
    .action(async (jobs: string[], flags: { redis?: string; all?: boolean; force?: boolean }) => {
      const [t] = terminal();
      const { cleanCommand } = await import('./queue.js');
      setExit(await cleanCommand(t, jobs, flags));
    });

  program
    .command('worker')
    .description('process queued chunks (any number of workers, on any machine); SIGTERM finishes the chunk and exits')
    .addOption(redisOption())
    .option('--queue <name>', 'serve this job only (default: every job, oldest first)')
    .addOption(new Option('--device <device>', "override the job's --device on this machine").choices(NODE_DEVICES))
    .option('--threads <n>', "override the job's --threads", positiveInt)
    .option('-b, --batch <n>', "override the job's --batch", positiveInt)
    .option('--decode-workers <n>', "override the job's --decode-workers", nonNegativeInt)
    .option('--exit-when-idle', 'exit when no job has work left, instead of waiting for more')
    .option('--poll-ms <ms>', 'how often an idle worker looks for work', positiveInt, 2_000)
    .action(
      async (flags: {
        redis?: string;
        queue?: string;
        device?: NodeDevice;
        threads?: number;
        batch?: number;
        decodeWorkers?: number;
        exitWhenIdle?: boolean;
        pollMs: number;
      }) => {
        const [t, store] = terminal();
        const { workerCommand } = await import('./worker.js');
        setExit(await workerCommand(t, { ...store, ...flags }));
      },
    );
}
