import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';

/**
 * Where the demo finds the system. Defaults follow `deploy/local/chat up` (ports from the same
 * variables). The REST services and the dev issuer are reached through this server's proxy
 * (`/svc/<name>`) unless CHAT_DEMO_DIRECT_REST=1, which makes the page call them directly (needs CORS
 * for this page's origin on the services, `CHAT_ALLOWED_ORIGINS`).
 */
const env = process.env;
const port = (name: string, fallback: number) => Number(env[name] ?? fallback);
const targets = {
  message: env.CHAT_MESSAGE_URL ?? `http://127.0.0.1:${port('MESSAGE_PORT', 8081)}`,
  presence: env.CHAT_PRESENCE_URL ?? `http://127.0.0.1:${port('PRESENCE_PORT', 8082)}`,
  receipt: env.CHAT_RECEIPT_URL ?? `http://127.0.0.1:${port('RECEIPT_PORT', 8083)}`,
  issuer: env.CHAT_ISSUER_URL ?? `http://127.0.0.1:${port('ISSUER_PORT', 9000)}`,
};
const edgeUrl = env.CHAT_EDGE_URL ?? `ws://127.0.0.1:${port('EDGE_PORT', 8080)}/ws`;
const direct = env.CHAT_DEMO_DIRECT_REST === '1';

const proxy: Record<string, ProxyOptions> = Object.fromEntries(
  Object.entries(targets).map(([name, target]) => [
    `/svc/${name}`,
    { target, changeOrigin: true, rewrite: (path: string) => path.replace(`/svc/${name}`, '') },
  ]),
);

function config(): Plugin {
  const body = JSON.stringify({
    edgeUrl,
    messageServiceUrl: direct ? targets.message : '/svc/message',
    presenceServiceUrl: direct ? targets.presence : '/svc/presence',
    receiptServiceUrl: direct ? targets.receipt : '/svc/receipt',
    // The dev issuer answers no CORS: always through the proxy.
    issuerUrl: '/svc/issuer',
  });
  // Returns nothing: a function returned from configureServer would run as a post-middleware hook.
  const serve = (server: { middlewares: { use(path: string, fn: (req: unknown, res: { setHeader(n: string, v: string): void; end(b: string): void }) => void): unknown } }): void => {
    server.middlewares.use('/config.json', (_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Cache-Control', 'no-store');
      res.end(body);
    });
  };
  return { name: 'chat-config', configureServer: serve, configurePreviewServer: serve };
}

// WEB_PORT: the launcher allows this origin (http://127.0.0.1:$WEB_PORT and localhost) on the edge and REST.
const demoPort = port('WEB_PORT', 5173);

export default defineConfig({
  resolve: { alias: { '@chat/client': fileURLToPath(new URL('../js/src/index.ts', import.meta.url)) } },
  plugins: [config()],
  server: { host: '127.0.0.1', port: demoPort, strictPort: true, proxy },
  preview: { host: '127.0.0.1', port: demoPort, strictPort: true, proxy },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
