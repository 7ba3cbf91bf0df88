// Where the numbers were measured: the CPU (and whether it has the int8 dot-product instructions both int8 paths
// lean on), memory, load, and the versions of everything measured.
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { oracleStatus } from '@swsl/reference';
import { onnxruntimeInfo } from '@swsl/runtime-node';

function cpuFlags(): Set<string> {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('flags'));
    return new Set(line?.split(':')[1]?.trim().split(/\s+/) ?? []);
  } catch {
    return new Set(); // not Linux
  }
}

/** The machine, and its load average when the run started (the benchmark adds the one at the end). */
export function machineInfo() {
  const cpu = cpus();
  const flags = cpuFlags();
  const has = (flag: string) => (flags.size === 0 ? 'unknown' : flags.has(flag) ? 'yes' : 'no');
  return {
    date: new Date().toISOString(),
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? '?',
    flags: { avx2: has('avx2'), avx512f: has('avx512f'), avx512_vnni: has('avx512_vnni'), amx_int8: has('amx_int8') },
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverage: { start: loadAverage() },
  };
}

/** 1, 5 and 15 minute load averages: how busy the shared machine was. */
export const loadAverage = () => loadavg().map((x) => Number(x.toFixed(2)));

/** The versions of what is measured (transformers.js's is reported by its own process). */
export function versions(): Record<string, string> {
  const oracle = oracleStatus();
  return {
    node: process.versions.node,
    onnxruntime: onnxruntimeInfo().version,
    ...(oracle.available
      ? { torch: oracle.versions.torch, torchvision: oracle.versions.torchvision, pillow: oracle.versions.pillow }
      : {}),
  };
}
