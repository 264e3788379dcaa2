/**
 * The security headers of every reply (@fastify/helmet; docs/security.md, "Transport and origin"): a
 * Content-Security-Policy that lets the built pages load their own scripts, styles and sockets and nothing
 * else (no inline script; the floor page's script is a served file), no framing, no MIME sniffing, and
 * with TLS, Strict-Transport-Security.
 */
import type { FastifyHelmetOptions } from '@fastify/helmet';

export function securityHeaders(options: { tls: boolean }): FastifyHelmetOptions {
  return {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        // 'self' covers the same host's ws: and wss: (CSP level 3).
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        // Only over TLS: on plain HTTP it would send the pages' requests to an https that is not there.
        upgradeInsecureRequests: options.tls ? [] : null,
      },
    },
    xFrameOptions: { action: 'deny' },
    xContentTypeOptions: true,
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.tls ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
  };
}
