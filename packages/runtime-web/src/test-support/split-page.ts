/// <reference lib="dom" />
/** The page of the code-splitting test: the package's main entry and nothing else, as an application imports it. */
import * as swsl from '../index.js';

Object.assign(globalThis, { swsl });
