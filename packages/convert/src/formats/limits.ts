/**
 * The largest pickle swsl reads (zip `data.pkl`, or the pickled header of a legacy file). A state-dict pickle holds
 * only names, shapes, strides and storage keys, ~100 bytes per tensor: ~30 kB for ResNeXt-101 (~320 tensors),
 * ~100 kB for the largest official file. 64 MiB is a 600× margin (half a million tensors) and still bounds what a
 * hostile pickle can make us read and build.
 */
export const MAX_PICKLE_BYTES = 64 * 1024 * 1024;

/**
 * The largest safetensors JSON header read: ~200 bytes per tensor, < 100 kB for any ResNet. JSON.parse can build
 * several times its input in objects, so the bound is kept well below the file sizes we accept (16 MiB ≈ 80,000
 * tensors); the safetensors library itself stops at 100 MB.
 */
export const MAX_SAFETENSORS_HEADER_BYTES = 16 * 1024 * 1024;
