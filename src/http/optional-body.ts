import type { FastifyRequest } from 'fastify';

/**
 * A route hook for PUTs whose every body field is optional: a request with no body at all is
 * read as `{}` (Fastify would otherwise refuse it as "must be an object"), so
 * `PUT /customers/{id}/roles/{roleId}` works with or without one.
 */
export async function emptyBodyAsObject(request: FastifyRequest) {
  if (request.body === undefined || request.body === null) request.body = {};
}
