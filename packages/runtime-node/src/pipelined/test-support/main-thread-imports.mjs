// Module hooks (node:module register) that report to the thread that registered them every module it resolves
// whose URL matches `pattern`: how the dispose test knows which packages the main thread itself loaded. Hooks
// registered by one thread do not apply to worker threads, which load their modules on their own.
let port;
let pattern;

export function initialize(data) {
  port = data.port;
  pattern = new RegExp(data.pattern);
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (pattern.test(resolved.url)) port.postMessage(resolved.url);
  return resolved;
}
