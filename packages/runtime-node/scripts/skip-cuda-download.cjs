// @swsl/runtime-node's preinstall: keeps `npm install` from downloading CUDA libraries nobody asked for.
//
// onnxruntime-node's postinstall, on linux/x64, downloads its CUDA 12 provider (hundreds of MB) from api.nuget.org
// unless those files are already in its bin folder; offline, behind a proxy or in a sandbox that fails, and npm rolls
// the whole install back. npm (and yarn 1) run every package's preinstall before any postinstall, so this script
// puts empty placeholders where those files go: the postinstall then finds them "present" and downloads nothing.
// CPU inference needs none of them. CUDA stays an explicit opt-in that replaces the placeholders with the real files:
//   ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node
// @swsl/runtime-node treats an empty file as "not installed". The script never fails an install.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const FILES = [
  'libonnxruntime_providers_cuda.so',
  'libonnxruntime_providers_shared.so',
  'libonnxruntime_providers_tensorrt.so',
];
const NOTE = 'SWSL-CUDA-NOT-INSTALLED.txt';

function main() {
  // Only onnxruntime-node's linux/x64 install downloads anything.
  if (process.platform !== 'linux' || process.arch !== 'x64') return 'not linux/x64';
  // The user chose (`skip`, `cuda12`, …): their word wins.
  if (process.env.ONNXRUNTIME_NODE_INSTALL || process.env.npm_config_onnxruntime_node_install) return 'user setting';
  // In swsl's own source checkout (a workspace package, not under node_modules) there is nothing to do: its package
  // manager runs no dependency scripts.
  if (!__dirname.split(path.sep).includes('node_modules')) return 'source checkout';
  const ortPackage = require.resolve('onnxruntime-node/package.json', { paths: [path.join(__dirname, '..')] });
  const napi = require(ortPackage).binary?.napi_versions?.[0] ?? 6;
  const bin = path.join(path.dirname(ortPackage), 'bin', `napi-v${napi}`, 'linux', 'x64');
  if (!fs.existsSync(bin)) return `no ${bin}`;
  const made = [];
  for (const file of FILES) {
    const target = path.join(bin, file);
    if (fs.existsSync(target)) continue;
    fs.writeFileSync(target, '');
    made.push(file);
  }
  if (made.length > 0) {
    fs.writeFileSync(
      path.join(bin, NOTE),
      'Placed by @swsl/runtime-node so that installing it downloads no CUDA libraries (they are empty files).\n' +
        'To use CUDA 12 with cuDNN 9: ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node\n',
    );
  }
  return made.length > 0 ? `placeholders in ${bin}` : 'already present';
}

try {
  const outcome = main();
  if (process.env.SWSL_DEBUG === '1') console.error(`@swsl/runtime-node preinstall: ${outcome}`);
} catch (error) {
  if (process.env.SWSL_DEBUG === '1') console.error(`@swsl/runtime-node preinstall: ${error}`);
}
