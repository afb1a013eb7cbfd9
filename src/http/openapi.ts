import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { ProblemSchema, problemResponse } from './schemas.js';

const authResponses = {
  401: problemResponse('Not signed in, or the credential is unknown or expired.'),
  403: problemResponse("The caller's role is too low for this operation."),
};
const commonResponses = {
  429: problemResponse('Too many requests from this client; see the RateLimit-Reset header.'),
  500: problemResponse('A fault on our side; it has been logged.'),
};

const storeResponses = {
  site: { 401: problemResponse('The X-Site-Key header is missing or names no site.') },
  shopper: {
    401: problemResponse(
      'The X-Site-Key header names no site, or the shopper is not signed in (token unknown, expired, or from another customer set).',
    ),
  },
};

const responseHeaders = {
  'Access-Control-Allow-Origin': {
    description: 'Present when the request came from an origin listed in CLIENTELE_CORS_ORIGINS.',
    schema: { type: 'string', maxLength: 200 },
  },
  'RateLimit-Limit': {
    description: 'Requests allowed per window.',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 1000000 },
  },
  'RateLimit-Remaining': {
    description: 'Requests left in this window.',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 1000000 },
  },
  'RateLimit-Reset': {
    description: 'Seconds until the window resets.',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 3600 },
  },
};
const retryAfter = {
  description: 'Seconds to wait before trying again.',
  schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 3600 },
};

type SchemaNode = Record<string, unknown>;

/**
 * Moves every titled schema (`Customer`, `Site`, …) into `components.schemas` and refers to it
 * there, so generated clients get named types (`components['schemas']['Customer']`) instead of
 * anonymous inline shapes. Children are named before their parents; two different shapes that
 * share a title stay inline rather than overwrite each other.
 */
function nameTitledSchemas(document: Record<string, unknown>) {
  document.components ??= {};
  const components = document.components as Record<string, SchemaNode>;
  components.schemas ??= {};
  const named = components.schemas as Record<string, SchemaNode>;
  const ids = new Map<string, string>();
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!node || typeof node !== 'object') return node;
    const out: SchemaNode = {};
    for (const [key, value] of Object.entries(node)) out[key] = visit(value);
    const title = out.title;
    if (typeof title !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(title) || !('type' in out)) return out;
    const json = JSON.stringify(out);
    const known = ids.get(title);
    if (known === undefined && !(title in named)) {
      ids.set(title, json);
      named[title] = out;
    } else if (known !== json) return out;
    return { $ref: `#/components/schemas/${title}` };
  };
  const paths = (document.paths ?? {}) as Record<string, Record<string, SchemaNode>>;
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations)) {
      if (operation.requestBody) operation.requestBody = visit(operation.requestBody);
      if (operation.responses) operation.responses = visit(operation.responses);
    }
  }
}

/**
 * OpenAPI 3.1 generated from the route schemas. Routes that declare an admin role get the
 * security requirement, the 401/403 answers and `x-required-role` added here, so the
 * document and the enforcement (src/http/auth.ts) read the same route config. Fields that need
 * a higher role than the route's are listed in `x-field-roles` (field → least role). The tags
 * come from the manifests of the modules that run, so a module left out leaves no tag behind.
 */
export async function registerOpenApi(
  app: FastifyInstance,
  version: string,
  moduleTags: readonly { name: string; description: string }[],
) {
  app.addSchema(ProblemSchema);
  const rolesByOperation = new Map<string, string>();
  const fieldRolesByOperation = new Map<string, Record<string, string>>();
  const storeByOperation = new Map<string, 'site' | 'shopper'>();
  app.addHook('onRoute', (route) => {
    const store = route.config?.store;
    if (store && route.schema && route.url.startsWith('/store/v1/')) {
      route.schema.response = {
        ...commonResponses,
        ...storeResponses[store],
        ...(route.schema.response as object),
      };
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) storeByOperation.set(`${method.toLowerCase()} ${route.url}`, store);
      return;
    }
    const role = route.config?.role;
    // Public routes outside the API versions (health, one-click unsubscribe) get the common answers too.
    if (!role || !route.schema || !(route.url.startsWith('/admin/v1/') || role === 'public')) return;
    route.schema.response = { ...commonResponses, ...(route.schema.response as object) };
    if (role === 'public') return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) rolesByOperation.set(`${method.toLowerCase()} ${route.url}`, role);
    route.schema.response = { ...authResponses, ...(route.schema.response as object) };
    const description = route.schema.description ? `${route.schema.description}\n\n` : '';
    const fieldRoles = Object.entries(route.config?.fieldRoles ?? {});
    const fieldLines = fieldRoles.map(
      ([field, rule]) =>
        `\n- Changing \`${field}\` requires the **${rule.role}** role or higher, ${rule.when}.`,
    );
    route.schema.description = `${description}Requires the **${role}** role or higher.${fieldLines.join('')}`;
    if (fieldRoles.length > 0) {
      const stated = Object.fromEntries(fieldRoles.map(([field, rule]) => [field, rule.role]));
      for (const method of methods) fieldRolesByOperation.set(`${method.toLowerCase()} ${route.url}`, stated);
    }
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Clientele API',
        version,
        description:
          'Customer accounts for multi-site online stores. Errors are RFC 9457 problem+json; lists are paged by opaque cursor.',
        license: { name: 'MIT', identifier: 'MIT' },
        contact: { name: 'Clientele maintainers', url: 'https://github.com/clientele' },
      },
      servers: [
        { url: '/', description: 'This server (local development or production)', 'x-internal': false } as {
          url: string;
        },
      ],
      tags: [...moduleTags, { name: 'system', description: 'Health.' }],
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'An admin session token from POST /admin/v1/auth/login, or an API key (clt_…).',
          },
          siteKey: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Site-Key',
            description:
              "The site's publishable key (pk_…): names the site, and so the tenant and customer set, to the storefront API. Not a secret.",
          },
          shopper: {
            type: 'http',
            scheme: 'bearer',
            description: 'A shopper session token from POST /store/v1/auth/login or /auth/register.',
          },
          cookie: {
            type: 'apiKey',
            in: 'cookie',
            name: 'clientele_admin',
            description: 'The admin app session.',
          },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
    transformObject: (documentObject) => {
      const document = (documentObject as { openapiObject: Record<string, unknown> }).openapiObject;
      const paths = (document.paths ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
      for (const [path, operations] of Object.entries(paths)) {
        const fastifyPath = path.replace(/\{(\w+)\}/g, ':$1');
        for (const [method, operation] of Object.entries(operations)) {
          for (const [status, response] of Object.entries(
            operation.responses as Record<string, Record<string, unknown>>,
          )) {
            const extra =
              status === '429' ? { ...responseHeaders, 'Retry-After': retryAfter } : responseHeaders;
            response.headers = { ...extra, ...(response.headers as object) };
          }
          const store = storeByOperation.get(`${method} ${fastifyPath}`);
          if (store)
            operation.security = store === 'shopper' ? [{ siteKey: [], shopper: [] }] : [{ siteKey: [] }];
          const role = rolesByOperation.get(`${method} ${fastifyPath}`);
          if (!role) continue;
          operation['x-required-role'] = role;
          const fieldRoles = fieldRolesByOperation.get(`${method} ${fastifyPath}`);
          if (fieldRoles) operation['x-field-roles'] = fieldRoles;
          operation.security = [{ bearer: [] }, { cookie: [] }];
        }
      }
      dropUnused(document);
      nameTitledSchemas(document);
      return document;
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });
}

/**
 * Leaves out the tags no operation carries and the security schemes no operation names: with
 * modules switched off (CLIENTELE_MODULES, order-management-only mode) the document describes only
 * what this service answers, so a generated client has no storefront half that would 404.
 */
function dropUnused(document: Record<string, unknown>) {
  const operations = Object.values((document.paths ?? {}) as Record<string, Record<string, unknown>>).flatMap(
    (item) => Object.values(item) as { tags?: string[]; security?: Record<string, unknown>[] }[],
  );
  const tags = new Set(operations.flatMap((operation) => operation.tags ?? []));
  const schemes = new Set(
    operations.flatMap((operation) => (operation.security ?? []).flatMap((entry) => Object.keys(entry))),
  );
  if (Array.isArray(document.tags))
    document.tags = (document.tags as { name: string }[]).filter((tag) => tags.has(tag.name));
  const components = document.components as { securitySchemes?: Record<string, unknown> } | undefined;
  if (components?.securitySchemes)
    for (const name of Object.keys(components.securitySchemes))
      if (!schemes.has(name)) delete components.securitySchemes[name];
}
