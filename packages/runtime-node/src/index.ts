export { createFileLock, type FileLockOptions } from './file-lock.js';
export { createFsStorage } from './fs-storage.js';
export { createNodeModelStore, type NodeModelStore, type NodeModelStoreOptions } from './node-model-store.js';
export { nodeSha256 } from './node-sha256.js';
export { baseUrlFromEnv, defaultCacheDir, offlineFromEnv } from './settings.js';
