export { bundleForBrowser, bundleModule } from './bundle.js';
export { CHROMIUM_PATH, describeWithBrowser, launchChromium } from './chromium.js';
export {
  CROSS_ORIGIN_ISOLATION_HEADERS,
  contentType,
  type LocalServer,
  type Route,
  type Served,
  startLocalServer,
} from './local-server.js';
