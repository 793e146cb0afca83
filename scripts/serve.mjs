#!/usr/bin/env node
// Static file server for the demo (no dependencies): `node scripts/serve.mjs [dir]` serves www/ by
// default on 127.0.0.1, port $PORT or 8080 (or a free one if taken), with the strict Content Security
// Policy the package must work under and the `application/wasm` type streaming compilation needs.
// Tests import `serve()` to serve other folders the same way.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

// The benchmark page and the frames it times cold starts in are cross-origin isolated (COOP +
// COEP; everything they load is same-origin): there Chromium's `performance.now()` steps by 5 µs,
// not 100 µs, which is the time of a few leads. Only the benchmark needs it.
const ISOLATED = new Set(['/bench.html', '/bench-cold.html']);

/** Resolves a URL path inside `root`, or null when it would escape it. */
function fileFor(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  const full = normalize(join(root, path));
  return full === root || full.startsWith(root + sep) ? full : null;
}

async function handle(root, request, response) {
  const headers = {
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
  if (ISOLATED.has((request.url ?? '/').split('?')[0])) {
    headers['Cross-Origin-Opener-Policy'] = 'same-origin';
    headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
    return;
  }
  let file = fileFor(root, request.url ?? '/');
  try {
    if (file && (await stat(file)).isDirectory()) file = join(file, 'index.html');
    const body = file ? await readFile(file) : null;
    if (!body) throw Object.assign(new Error('outside root'), { code: 'ENOENT' });
    headers['Content-Type'] = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    response.writeHead(200, headers).end(request.method === 'HEAD' ? undefined : body);
  } catch (error) {
    const missing = error.code === 'ENOENT' || error.code === 'ENOTDIR';
    response.writeHead(missing ? 404 : 500, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(missing ? 'not found\n' : 'server error\n');
  }
}

function listen(server, port, host) {
  return new Promise((resolveListen, reject) => {
    const onError = (error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolveListen();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Serves `root` on `host`:`port`; port 0 picks a free one, and a taken port falls back to a free one.
 * Resolves to `{ server, url, close() }`.
 */
export async function serve({ root, port = 0, host = '127.0.0.1' }) {
  const base = resolve(root);
  const server = createServer((request, response) => {
    handle(base, request, response).catch(() => response.destroy());
  });
  try {
    await listen(server, port, host);
  } catch (error) {
    if (error.code !== 'EADDRINUSE') throw error;
    await listen(server, 0, host);
  }
  const url = `http://${host}:${server.address().port}/`;
  return { server, url, close: () => new Promise((done) => server.close(done)) };
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const root = process.argv[2] ?? fileURLToPath(new URL('../www/', import.meta.url));
  const requested = process.env.PORT === undefined ? 8080 : Number(process.env.PORT);
  if (!Number.isInteger(requested) || requested < 0 || requested > 65535) {
    console.error(`PORT must be a port number, got ${JSON.stringify(process.env.PORT)}`);
    process.exit(2);
  }
  const { url } = await serve({ root, port: requested });
  console.log(`leadlens demo: open ${url}  (serving ${root}; Ctrl-C to stop)`);
}
