import { existsSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Paths the console never answers: the service's own routes keep their problem+json 404s. */
const SERVICE_PREFIXES = ['/api', '/mcp', '/health', '/ready', '/metrics'];

/**
 * The console's own policy: its scripts and styles come from this origin only, it talks to
 * this origin only, and no other site may frame it (clickjacking an Approve button).
 */
const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * apps/console/dist, found from this file in the source tree (apps/api/src/console) and in
 * the compiled one (dist/apps/api/src/console), or from the working directory.
 */
export function findConsoleDist(from: string = __dirname): string {
  let dir = from;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'apps', 'console');
    if (existsSync(join(candidate, 'index.html')) || existsSync(join(candidate, 'dist'))) {
      return join(candidate, 'dist');
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return resolve('apps', 'console', 'dist');
}

function isServicePath(path: string): boolean {
  return SERVICE_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}

/**
 * Serves the built console at `/`: its files as they are, and index.html for any other GET
 * outside the service's prefixes so that deep links (/agents/42) load the single-page app.
 * Registered in its own encapsulated context, so its `reply.sendFile` cannot clash with
 * another @fastify/static registration (Swagger UI's).
 */
export function serveConsole(fastify: FastifyInstance, root: string = findConsoleDist()): void {
  // Not awaited: Fastify loads plugins in order when it starts, after Nest's own.
  void fastify.register(async (scope) => {
    await scope.register(fastifyStatic, { root, serve: false, decorateReply: true, index: false });
    scope.get('/*', (request, reply) => answer(request, reply, root));
  });
}

function pathOf(url: string): string | null {
  try {
    return decodeURIComponent(url.split('?')[0] ?? '/');
  } catch {
    return null; // malformed escapes
  }
}

function answer(request: FastifyRequest, reply: FastifyReply, root: string): unknown {
  const path = pathOf(request.url);
  if (path === null || isServicePath(path)) return reply.callNotFound();
  void reply.header('x-content-type-options', 'nosniff');
  const file = path.replace(/^\/+/, '');
  if (file && extname(file) && !file.split('/').includes('..')) {
    if (!existsSync(join(root, file))) return reply.callNotFound();
    const hashed = file.startsWith('assets/');
    return reply.sendFile(file, { maxAge: hashed ? '365d' : '1h', immutable: hashed, dotfiles: 'deny' });
  }
  if (!existsSync(join(root, 'index.html'))) {
    return reply
      .code(404)
      .type('text/plain; charset=utf-8')
      .send('The Keyledger console is not built. Run `npm run build` (or `npm run build:console`).\n');
  }
  return reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-cache')
    .sendFile('index.html', { cacheControl: false });
}
