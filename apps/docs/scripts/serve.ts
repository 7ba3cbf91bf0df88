// `pnpm --filter @swsl/docs preview`: the built site on 127.0.0.1 with the cross-origin isolation headers a real
// host should send (VitePress's own preview server does not send them for the static files).
import { requireBuiltSite } from '../src/site/built-site.js';
import { startStaticServer } from '../src/site/static-server.js';

const port = Number(process.env.PORT ?? 4173);
const server = await startStaticServer(requireBuiltSite(), { port });
console.log(`swsl docs on ${server.origin}/ (COOP/COEP on; Ctrl-C stops)`);
