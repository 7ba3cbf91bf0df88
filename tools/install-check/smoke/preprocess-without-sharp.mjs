// @swsl/preprocess/node without its optional peer sharp: must fail with a typed error that names sharp,
// not with Node's ERR_MODULE_NOT_FOUND.
const [image] = process.argv.slice(2);
let error;
try {
  const { preprocess } = await import('@swsl/preprocess/node');
  await preprocess(image);
} catch (e) {
  error = e;
}
if (!error)
  throw new Error('preprocess worked without sharp installed: is sharp a dependency now? Then drop this check.');
if (typeof error.code !== 'string' || !error.code.startsWith('E_') || !/sharp/.test(error.message)) {
  console.error(`untyped error: ${error.code ?? ''} ${error.message}`);
  process.exit(1);
}
console.log(`without sharp: ${error.code}: ${error.message}`);
