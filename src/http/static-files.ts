import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2',
};

/** Serves a built single-page app from `dir` under `prefix`; unknown paths get its index.html. */
export function serveApp(app: FastifyInstance, prefix: string, dir: string): void {
  const root = resolve(dir);
  app.get(`${prefix}*`, async (request, reply) => {
    const path = (request.params as { '*': string })['*'] || 'index.html';
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) return reply.status(404).send();
    const found = await stat(file).then((s) => s.isFile(), () => false);
    if (!found) file = join(root, 'index.html');
    try {
      const body = await readFile(file);
      const immutable = file.includes(`${join(root, 'assets')}`);
      return reply.type(TYPES[extname(file)] ?? 'application/octet-stream')
        .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
        .send(body);
    } catch {
      return reply.status(404).type('text/plain').send(`${prefix} is not built: run npm run build:web`);
    }
  });
  app.get(prefix.replace(/\/$/, ''), async (_request, reply) => reply.redirect(prefix));
}
