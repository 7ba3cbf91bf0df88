import type { ImageOutputs, ModelInput } from '@swsl/core';
import { deadlineExceeded, queueFull } from './errors.js';

export interface BatcherOptions {
  /** Names the model in errors. */
  readonly model: string;
  /** Images per `run`, at most (a request with more images runs alone, whole). */
  readonly maxBatch: number;
  /** How long the first image of a batch waits for others before the batch runs anyway. */
  readonly maxQueueDelayMs: number;
  /** Images admitted (decoding, queued or running) at most; past it a request is refused with 503. */
  readonly maxQueue: number;
  /** Floats per image row (3 × crop × crop). */
  readonly rowFloats: number;
  readonly crop: number;
  readonly run: (batch: ModelInput) => Promise<ImageOutputs[]>;
  /** Called after each run: its size, its compute time and how long each of its requests queued. */
  readonly onRun?: (report: { rows: number; computeMs: number; queuedMs: readonly number[] }) => void;
}

interface Entry {
  readonly data: Float32Array;
  readonly rows: number;
  readonly queuedAt: number;
  readonly resolve: (outputs: ImageOutputs[]) => void;
  readonly reject: (error: unknown) => void;
  settled: boolean;
  timer?: NodeJS.Timeout;
}

/** A place in the queue, held from a request's arrival (before decoding) until its answer. */
export interface Admission {
  /** When the request stops waiting (ms since the epoch). */
  readonly deadline: number;
  release(): void;
}

/**
 * Dynamic batching for one model: requests' preprocessed rows wait in a queue and run together, up to `maxBatch`
 * images, as soon as the batch is full or its oldest request has waited `maxQueueDelayMs`. One batch runs at a time
 * (the session uses every inference thread), while the next requests decode in the worker pool. Memory is bounded
 * by admission: a request that would take the images admitted past `maxQueue` is refused at once (503 with
 * Retry-After), before its body is decoded.
 */
export class DynamicBatcher {
  private readonly queue: Entry[] = [];
  private admitted = 0;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: BatcherOptions) {}

  /** Images waiting in the queue (not yet running). */
  get queuedImages(): number {
    return this.queue.reduce((sum, e) => sum + e.rows, 0);
  }

  /** Images admitted and not yet answered. */
  get admittedImages(): number {
    return this.admitted;
  }

  admit(images: number, deadlineMs: number): Admission {
    if (this.admitted > 0 && this.admitted + images > this.options.maxQueue) {
      throw queueFull(this.options.model, 1);
    }
    this.admitted += images;
    let released = false;
    return {
      deadline: Date.now() + deadlineMs,
      release: () => {
        if (released) return;
        released = true;
        this.admitted -= images;
        if (this.admitted === 0 && !this.running) this.notifyIdle();
      },
    };
  }

  /** Runs `rows` images (their preprocessed floats) in the next batches; rejects with 504 past `deadline`. */
  submit(data: Float32Array, rows: number, deadline: number, deadlineMs: number): Promise<ImageOutputs[]> {
    return new Promise((resolve, reject) => {
      const entry: Entry = { data, rows, queuedAt: Date.now(), resolve, reject, settled: false };
      const left = deadline - Date.now();
      const expire = () => {
        // Work not started yet is dropped; a batch already running finishes, its answer unused.
        const at = this.queue.indexOf(entry);
        if (at >= 0) this.queue.splice(at, 1);
        this.settle(entry, () => reject(deadlineExceeded(this.options.model, deadlineMs)));
      };
      if (left <= 0) return expire();
      entry.timer = setTimeout(expire, left);
      this.queue.push(entry);
      this.schedule();
    });
  }

  /** Resolves when nothing is admitted or running (for a graceful shutdown). */
  idle(): Promise<void> {
    if (this.admitted === 0 && !this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private notifyIdle() {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private settle(entry: Entry, answer: () => void) {
    if (entry.settled) return;
    entry.settled = true;
    clearTimeout(entry.timer);
    answer();
  }

  private schedule() {
    if (this.running || this.queue.length === 0) return;
    const oldest = this.queue[0] as Entry;
    const waited = Date.now() - oldest.queuedAt;
    if (this.queuedImages >= this.options.maxBatch || waited >= this.options.maxQueueDelayMs) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.runNext();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    }, this.options.maxQueueDelayMs - waited);
  }

  private takeBatch(): Entry[] {
    const taken: Entry[] = [this.queue.shift() as Entry];
    let rows = taken[0]?.rows ?? 0;
    while (this.queue.length && rows + (this.queue[0] as Entry).rows <= this.options.maxBatch) {
      const next = this.queue.shift() as Entry;
      rows += next.rows;
      taken.push(next);
    }
    return taken;
  }

  private async runNext() {
    this.running = true;
    const entries = this.takeBatch();
    const rows = entries.reduce((sum, e) => sum + e.rows, 0);
    const { crop, rowFloats } = this.options;
    let data: Float32Array;
    if (entries.length === 1) data = (entries[0] as Entry).data;
    else {
      data = new Float32Array(rows * rowFloats);
      let at = 0;
      for (const e of entries) {
        data.set(e.data, at);
        at += e.data.length;
      }
    }
    const started = Date.now();
    try {
      const outputs = await this.options.run({ data, dims: [rows, 3, crop, crop] });
      this.options.onRun?.({
        rows,
        computeMs: Date.now() - started,
        queuedMs: entries.map((e) => started - e.queuedAt),
      });
      let at = 0;
      for (const e of entries) {
        const mine = outputs.slice(at, at + e.rows);
        at += e.rows;
        this.settle(e, () => e.resolve(mine));
      }
    } catch (error) {
      for (const e of entries) this.settle(e, () => e.reject(error));
    } finally {
      this.running = false;
      if (this.admitted === 0) this.notifyIdle();
      // onnxruntime's run held this thread: the decoded images and bodies that arrived meanwhile are still waiting
      // in the event loop. One turn of it lets them join the queue, so the next batch takes them all, not just one.
      setImmediate(() => this.schedule());
    }
  }
}
