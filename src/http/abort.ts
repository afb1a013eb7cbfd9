import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Aborted when the client goes away before its answer is sent (#12: cancel its statement). */
    abortSignal: AbortSignal;
  }
}

/**
 * Gives every request an AbortSignal that fires when its connection closes before the answer was
 * written. (The request's own 'close' fires once its body is read, so the response's is watched.)
 */
export function registerRequestAbort(app: FastifyInstance) {
  app.decorateRequest('abortSignal', null as unknown as AbortSignal);
  app.addHook('onRequest', async (request, reply) => {
    const controller = new AbortController();
    request.abortSignal = controller.signal;
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) controller.abort();
    });
  });
}
