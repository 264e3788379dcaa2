/**
 * The embedded dialer's POM web services under /pom/v1 (protocol.md §6), with POM's error body
 * `{displayMessage, errorMessage, errorCode}`. Callers authenticate with HTTP Basic
 * (utilities.pom.username / password); with no password set, only loopback clients are served.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PomRestDeps } from './deps.ts';
import { PomError, toPomError } from './errors.ts';
import { registerContactListRoutes } from './contact-lists.ts';
import { registerContactRoutes } from './contacts.ts';
import { registerDncRoutes } from './dnc-lists.ts';
import { registerDataSourceRoutes } from './data-sources.ts';
import { registerCampaignRoutes } from './campaigns.ts';

export const POM_BASE_PATH = '/pom/v1';

const isLoopback = (address: string | undefined): boolean =>
  !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function registerPomRest(app: FastifyInstance, deps: PomRestDeps): void {
  const { username, password } = deps.options.pom;
  const guard = async (request: FastifyRequest): Promise<void> => {
    if (password === '') {
      if (!isLoopback(request.socket.remoteAddress)) throw new PomError('FORBIDDEN', 'Only local clients may use the POM web services', 'Set utilities.pom.password to serve other hosts');
      return;
    }
    const header = request.headers.authorization ?? '';
    const decoded = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    if (colon < 0 || !sameText(decoded.slice(0, colon), username) || !sameText(decoded.slice(colon + 1), password)) {
      throw new PomError('UNAUTHORIZED', 'Authentication failed', 'HTTP Basic credentials of the POM web services are required');
    }
  };

  void app.register(async (pom) => {
    pom.setErrorHandler((error, _request, reply) => {
      const pomError = toPomError(error);
      return reply.status(pomError.status).send(pomError.body());
    });
    pom.setNotFoundHandler((request, reply) => {
      const error = new PomError('NOT_FOUND', `${request.method} ${request.url} is not a POM web service`);
      return reply.status(404).send(error.body());
    });
    pom.addHook('onRequest', guard);
    // Lists of up to 100,000 ids or addresses in one request.
    pom.addHook('onRoute', (route) => {
      route.bodyLimit ??= 16 * 1024 * 1024;
    });
    registerContactListRoutes(pom, deps);
    registerContactRoutes(pom, deps);
    registerDncRoutes(pom, deps);
    registerDataSourceRoutes(pom, deps);
    registerCampaignRoutes(pom, deps);
  }, { prefix: POM_BASE_PATH });
}
