// The ceiling of a pipeline on `cores` cores: what it would reach if decoding and inference shared the cores with no
// idle time and no overhead. One image costs p seconds of one core to read, decode, resize and normalize, and holds
// the session's `threads` threads for 1/r seconds (r = images/s of session.run alone), so at best
//   images/s = cores / (p + threads / r).
// A pipeline at ≥ 0.85 of it leaves little on the table. It can pass 1 slightly: onnxruntime's threads do not keep
// both cores busy for the whole of a run (no spinning), and the decode worker fills some of those gaps.
export function ceiling(p: number, r: number, cores: number, threads: number): number {
  return cores / (p + threads / r);
}
