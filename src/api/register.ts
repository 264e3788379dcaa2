/**
 * Registers the supervisor side's HTTP routes: the dialer's POM web services under /pom/v1 and the
 * supervisor API under /api/v1 (JSON, and text/csv request bodies read as streams).
 */
import type { FastifyInstance } from 'fastify';
import type { SupervisorSide } from '../utilities/supervisor-side.ts';
import { registerPomRest } from '../pom-rest/register.ts';
import { registerAuthRoutes } from './auth-routes.ts';
import { registerUtilityRoutes } from './utility-routes.ts';
import { registerContactHistoryRoutes } from './contact-history-routes.ts';
import { registerImportRoutes } from './import-routes.ts';
import { registerCallbackRoutes } from './callback-routes.ts';
import { registerReportRoutes } from './report-routes.ts';
import { registerReportExportRoutes } from './report-export-routes.ts';
import { registerAdminRoutes } from './admin-routes.ts';
import { registerAgentSessionRoutes } from './agent-session-routes.ts';
import { openApiDocument } from './openapi.ts';
import { sendError } from './http-helpers.ts';

export function registerSupervisorSide(app: FastifyInstance, side: SupervisorSide): void {
  registerPomRest(app, { store: side.store, dialer: side.dialer, clock: side.clock, options: side.config.utilities, scheduler: side.scheduler });
  const document = openApiDocument();
  void app.register(async (api) => {
    // Files are read as they arrive, whatever their size: the body is the request stream.
    api.addContentTypeParser(['text/csv', 'text/plain', 'application/octet-stream'], (_request, payload, done) => done(null, payload));
    api.setErrorHandler((error, request, reply) => sendError(error, request, reply));
    api.get('/openapi.json', async () => document);
    registerAuthRoutes(api, side);
    registerUtilityRoutes(api, side);
    registerContactHistoryRoutes(api, side);
    registerImportRoutes(api, side);
    registerCallbackRoutes(api, side);
    registerReportRoutes(api, side);
    registerReportExportRoutes(api, side);
    registerAdminRoutes(api, side);
    registerAgentSessionRoutes(api, side);
  }, { prefix: '/api/v1' });
}
