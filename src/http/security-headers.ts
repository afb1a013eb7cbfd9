import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Browser hardening headers on every answer (the admin app at /admin/, the API, /docs), by
 * @fastify/helmet. The policy is written out in full rather than taken from helmet's defaults,
 * so what a browser enforces can be read here:
 * - scripts only from this origin, never inline or from attributes: an injected `<script>` or
 *   `onerror=` does not run;
 * - styles from this origin, plus inline `<style>`: Mantine writes its theme's CSS variables in
 *   a `<style>` element at run time (no script can be started through CSS);
 * - `data:` images and fonts (the favicon is a data: URL; Swagger UI's icons);
 * - no framing at all (`frame-ancestors 'none'`, and `X-Frame-Options: DENY` for old browsers);
 * - no `upgrade-insecure-requests`: a plain-HTTP local run must keep loading its own files.
 */
export async function registerSecurityHeaders(app: FastifyInstance) {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
