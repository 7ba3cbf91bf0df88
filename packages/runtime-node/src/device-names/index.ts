/**
 * The devices a Node classifier can run on, apart from the code that opens them (which loads onnxruntime-node): the
 * CLI declares `--device` from this list without loading anything heavy (`@swsl/runtime-node/device-names`).
 *
 * @packageDocumentation
 */
export type NodeDevice = 'auto' | 'cpu' | 'cuda' | 'webgpu';

/** Every value of `NodeDevice`, for command-line choices. */
export const NODE_DEVICES: readonly NodeDevice[] = ['auto', 'cpu', 'cuda', 'webgpu'];
