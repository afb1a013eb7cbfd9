import type { FastifyRequest } from 'fastify';

/**
 * The credential of an `Authorization: Bearer <credential>` header, or null when the header is
 * missing, names another scheme or has no credential. The scheme is case-insensitive (RFC 9110
 * §11.1). Admin and storefront authentication both read it here.
 */
export function bearerToken(request: FastifyRequest): string | null {
  const [scheme, value] = (request.headers.authorization ?? '').split(' ');
  return scheme?.toLowerCase() === 'bearer' && value ? value.trim() : null;
}
