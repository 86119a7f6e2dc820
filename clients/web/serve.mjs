// The web demo as `deploy/local/chat up` runs it: builds the page, then serves it with vite's preview
// server on WEB_PORT, with /config.json and the REST proxy of vite.config.ts (ports from the launcher's
// variables). Arguments are ignored: the launcher passes markers that identify its process.
import { build, preview } from 'vite';

const root = new URL('.', import.meta.url).pathname;
await build({ root, logLevel: 'warn' });
const server = await preview({ root, logLevel: 'warn' });
console.log(`web demo ready at ${server.resolvedUrls.local[0]}`);
