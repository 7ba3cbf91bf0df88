export { CHROMIUM_PATH, describeWithBrowser, launchChromium } from './chromium.js';
