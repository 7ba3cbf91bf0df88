// AssemblyScript source of the WebAssembly kernels (src/wasm-kernels.ts loads them; rebuild with
// `pnpm --filter @swsl/preprocess build:wasm`). Same integer arithmetic as Pillow's ImagingResampleHorizontal_8bpc
// and ImagingResampleVertical_8bpc: 32-bit sums of u8 × 22-bit weights, `+ 1 << 21`, `>> 22`, clipped to 0–255
// (the signed-then-unsigned saturating narrows clip exactly as Pillow's clip8). The JavaScript side owns the memory
// layout: it writes pixels and coefficient tables, passes their byte offsets, and leaves 16 spare bytes after every
// buffer so vector loads and stores may run past a row's end.

const HALF: i32 = 1 << 21;

/** Low 4 lanes of a u8 vector as i32. */
function widen4(bytes: v128): v128 {
  return i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(bytes));
}

/** Four i32 sums → shifted, clipped bytes in the low 4 lanes. */
function toBytes4(sum: v128): v128 {
  const v = i32x4.shr_s(sum, 22);
  const s16 = i16x8.narrow_i32x4_s(v, v);
  return i8x16.narrow_i16x8_u(s16, s16);
}

/**
 * Horizontal pass over packed RGB. `rows` input rows of `srcStride` bytes from `src`; output pixel `x` reads the
 * `taps` pixels from byte `starts[x]` (i32) of its row with the i32 weights `weights[x * taps …]`. One pixel's
 * R, G, B (and a don't-care 4th byte) are the lanes; each 4-byte store is overwritten by the next pixel's. Two
 * rows at a time, so each weight is loaded and splatted once for both.
 */
export function horizontal(
  src: usize,
  srcStride: i32,
  rows: i32,
  starts: usize,
  weights: usize,
  taps: i32,
  outWidth: i32,
  dst: usize,
): void {
  const half = i32x4.splat(HALF);
  const dstStride = <usize>outWidth * 3;
  const next = <usize>srcStride;
  for (let y = 0; y < rows; y += 2) {
    // An odd last row is computed twice (into itself): same bytes, no branch in the loop.
    const second: usize = y + 1 < rows ? next : 0;
    const row = src + <usize>(y * srcStride);
    let d = dst + <usize>y * dstStride;
    let w = weights;
    let firstB = half;
    for (let x = 0; x < outWidth; x++) {
      let s = row + <usize>load<i32>(starts + ((<usize>x) << 2));
      let a = half;
      let b = half;
      for (let k = 0; k < taps; k++) {
        const weight = i32x4.splat(load<i32>(w));
        a = i32x4.add(a, i32x4.mul(widen4(v128.load32_zero(s)), weight));
        b = i32x4.add(b, i32x4.mul(widen4(v128.load32_zero(s + second)), weight));
        s += 3;
        w += 4;
      }
      const bytesB = toBytes4(b);
      if (x === 0) firstB = bytesB;
      v128.store32_lane(d, toBytes4(a), 0);
      v128.store32_lane(d + (second ? dstStride : 0), bytesB, 0);
      d += 3;
    }
    // The first row's last 4-byte store ran one byte into the second row's first pixel: write those 3 bytes again.
    const fix = dst + <usize>y * dstStride + (second ? dstStride : 0);
    v128.store16_lane(fix, firstB, 0);
    v128.store8_lane(fix + 2, firstB, 2);
  }
}

/**
 * Vertical pass: output row `y` (`stride` bytes) is the weighted sum of the `taps` input rows from row `starts[y]`
 * (i32, relative to `src`) with weights `weights[y * taps …]`, 16 bytes at a time.
 */
export function vertical(
  src: usize,
  stride: i32,
  outRows: i32,
  starts: usize,
  weights: usize,
  taps: i32,
  dst: usize,
): void {
  const half = i32x4.splat(HALF);
  let w = weights;
  for (let y = 0; y < outRows; y++) {
    const first = src + <usize>(load<i32>(starts + ((<usize>y) << 2)) * stride);
    const out = dst + <usize>(y * stride);
    for (let i = 0; i < stride; i += 16) {
      let a = half;
      let b = half;
      let c = half;
      let e = half;
      let s = first + <usize>i;
      for (let k = 0; k < taps; k++) {
        const px = v128.load(s);
        const weight = i32x4.splat(load<i32>(w + ((<usize>k) << 2)));
        const lo = i16x8.extend_low_i8x16_u(px);
        const hi = i16x8.extend_high_i8x16_u(px);
        a = i32x4.add(a, i32x4.mul(i32x4.extend_low_i16x8_u(lo), weight));
        b = i32x4.add(b, i32x4.mul(i32x4.extend_high_i16x8_u(lo), weight));
        c = i32x4.add(c, i32x4.mul(i32x4.extend_low_i16x8_u(hi), weight));
        e = i32x4.add(e, i32x4.mul(i32x4.extend_high_i16x8_u(hi), weight));
        s += <usize>stride;
      }
      const lo16 = i16x8.narrow_i32x4_s(i32x4.shr_s(a, 22), i32x4.shr_s(b, 22));
      const hi16 = i16x8.narrow_i32x4_s(i32x4.shr_s(c, 22), i32x4.shr_s(e, 22));
      v128.store(out + <usize>i, i8x16.narrow_i16x8_u(lo16, hi16));
    }
    w += (<usize>taps) << 2;
  }
}

/**
 * `ToTensor()` + `Normalize()` by table: `pixels` packed RGB pixels at `src` → three planes of f32 at `dst`; sample
 * `v` of channel `c` becomes `tables[c * 256 + v]` (precomputed with torch's float32 steps), copied as bits.
 */
export function normalizeChw(src: usize, pixels: i32, tables: usize, dst: usize): void {
  const plane = (<usize>pixels) << 2;
  const end = dst + plane;
  let s = src;
  for (let d = dst; d < end; d += 4) {
    store<u32>(d, load<u32>(tables + ((<usize>load<u8>(s)) << 2)));
    store<u32>(d + plane, load<u32>(tables + 1024 + ((<usize>load<u8>(s, 1)) << 2)));
    store<u32>(d + 2 * plane, load<u32>(tables + 2048 + ((<usize>load<u8>(s, 2)) << 2)));
    s += 3;
  }
}
