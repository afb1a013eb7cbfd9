import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { problemResponse } from '../../http/schemas.js';
import { escapeHtml } from '../email/email.templates.js';
import { marketingErrors } from './marketing.errors.js';
import { evidenceOf } from './marketing-store.routes.js';
import { unsubscribeByToken, unsubscribeLinkKnown } from './storefront.service.js';

const tags = ['marketing'];
// Named `link`, not `token`: it is the link's own random name, not a credential of anyone's.
const LinkParams = Type.Object(
  {
    link: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'The random part of the unsubscribe link.',
    }),
  },
  { additionalProperties: false },
);
const OneClickBody = Type.Object(
  {
    'List-Unsubscribe': Type.Optional(
      Type.String({
        maxLength: 100,
        description: 'RFC 8058: `One-Click`. Ignored: the POST itself unsubscribes.',
      }),
    ),
  },
  {
    additionalProperties: true,
    title: 'OneClickUnsubscribe',
    examples: [{ 'List-Unsubscribe': 'One-Click' }],
  },
);
const Html = (example: string) => ({
  description: 'A small HTML page.',
  content: { 'text/html': { schema: Type.String({ maxLength: 10_000, examples: [example] }) } },
});
const badRequest = problemResponse('The link is malformed.');
const unknownLink = problemResponse('This unsubscribe link is not known.');

/** No inline script or style: the security headers' CSP forbids both. */
const page = (title: string, body: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;

const donePage = page('You are unsubscribed', '<p>You will get no more emails from this list.</p>');

/**
 * RFC 8058 one-click unsubscribe (mounted at the root: the links in emails name no API
 * version). No sign-in: the unguessable token is the authority, and it names neither the
 * address nor the tenant.
 */
export const unsubscribeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Mail providers POST the form body `List-Unsubscribe=One-Click` (RFC 8058 §3.1).
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  app.get(
    '/unsubscribe/:link',
    {
      config: { role: 'public' },
      schema: {
        tags,
        operationId: 'unsubscribePage',
        summary: 'Unsubscribe page',
        description:
          'The page an unsubscribe link opens: one button that posts the form (no script), so that a link scanner following the link unsubscribes no one.',
        security: [],
        params: LinkParams,
        response: { 200: Html('<!doctype html>…<form method="post">…'), 400: badRequest, 404: unknownLink },
      },
    },
    async (request, reply) => {
      const { link: token } = request.params;
      if (!(await unsubscribeLinkKnown(request.server.db, token)))
        throw marketingErrors.unsubscribeLinkUnknown();
      const action = `/unsubscribe/${encodeURIComponent(token)}`;
      return reply.type('text/html; charset=utf-8').send(
        page(
          'Unsubscribe',
          `<p>Stop receiving this newsletter at your address?</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>`,
        ),
      );
    },
  );

  app.post(
    '/unsubscribe/:link',
    {
      config: { role: 'public' },
      schema: {
        tags,
        operationId: 'unsubscribeOneClick',
        summary: 'Unsubscribe in one click',
        description:
          'RFC 8058: a mail provider (or the page’s button) posts `List-Unsubscribe=One-Click` as `application/x-www-form-urlencoded`; the contact leaves the newsletter at once, recorded with source `unsubscribe_link`, the IP and user agent. Posting again answers the same.',
        security: [],
        params: LinkParams,
        body: Type.Optional(OneClickBody),
        response: { 200: Html(donePage), 400: badRequest, 404: unknownLink },
      },
    },
    async (request, reply) => {
      const done = await unsubscribeByToken(request.server.db, request.params.link, evidenceOf(request));
      if (!done) throw marketingErrors.unsubscribeLinkUnknown();
      return reply.type('text/html; charset=utf-8').send(donePage);
    },
  );
};
