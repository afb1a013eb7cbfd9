import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import { type Database, poolStats } from './db/database.js';
import { queueBacklogs } from './flows/queue-backlogs.js';
import { registerRequestAbort } from './http/abort.js';
import { registerAdminAuth } from './http/auth.js';
import { registerFieldChecks } from './http/field-checks.js';
import { createLogger, OneLinePerRequest, registerRequestLogging } from './http/logging.js';
import { registerMetrics } from './http/metrics.js';
import { registerOpenApi } from './http/openapi.js';
import { answerClientError, registerProblemHandlers, sendProblem } from './http/problem.js';
import { registerRateLimit } from './http/rate-limit.js';
import { registerReplicaReads } from './http/replica.js';
import { registerRequestId, requestIdOf } from './http/request-id.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerGracefulClose } from './http/shutdown.js';
import { registerStoreAuth } from './http/store-auth.js';
import { registerTextGuard } from './http/text-guard.js';
import { settleDetachedWork } from './lib/detached.js';
import { configureListPlans } from './lib/list/plan.js';
import { customerDataHooks, mergedCustomerFilters, routesOf } from './lib/module.js';
import { packageRoot, webDist } from './lib/paths.js';
import { configurePublicUrl } from './lib/public-url.js';
import { accountErrors } from './modules/accounts/accounts.errors.js';
import { authenticateShopper } from './modules/accounts/accounts.service.js';
import { adminErrors } from './modules/admins/admins.errors.js';
import { authenticate, requireRole } from './modules/admins/admins.service.js';
import { allModules, enabledModules } from './modules/index.js';
import { findSiteByPublishableKey } from './modules/tenants/tenants.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

const packageVersion = (
  JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }
).version;

export interface AppOptions {
  db: Database;
  config: Pick<
    Config,
    | 'logLevel'
    | 'sessionTtlHours'
    | 'rateLimitPerMinute'
    | 'corsOrigins'
    | 'signInRateLimitPerMinute'
    | 'shopperIdleMinutes'
    | 'shopperSessionHours'
    | 'smtpUrl'
    | 'modules'
  > &
    Partial<
      Pick<
        Config,
        | 'listTimeoutMs'
        | 'listWalkRows'
        | 'listCollectRows'
        | 'publicUrl'
        | 'host'
        | 'metricsPort'
        | 'metricsToken'
        | 'mode'
        | 'readYourWritesMs'
        | 'logFormat'
      >
    >;
  /** A read replica (DATABASE_REPLICA_URL) for the admin API's list, search and get reads. */
  reader?: Database | null;
  /** Shares rate-limit counters between processes (REDIS_URL); in-process counters without it. */
  redis?: Redis | null;
  /** Send admin cookies with `Secure` (on behind HTTPS; off for plain-HTTP local runs). */
  secureCookies?: boolean;
  logger?: boolean;
  /** False leaves out the request metrics and /metrics (the benchmark's baseline, bench/metrics.ts). */
  metrics?: boolean;
}

/** Builds the HTTP app: admin API, OpenAPI document and reference, and the admin web app. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger === false
      ? { logger: false }
      : {
          loggerInstance: createLogger({
            level: options.config.logLevel,
            format: options.config.logFormat ?? null,
          }),
        }),
    logController: new OneLinePerRequest(),
    ajv: {
      // allowUnionTypes: a custom attribute's value is one of several JSON types (`type: [...]`).
      customOptions: {
        allErrors: true,
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allowUnionTypes: true,
      },
    },
    bodyLimit: 1024 * 1024,
    // The caller's X-Request-Id when valid, else one unique across processes and restarts
    // (Fastify's default counts from req-1 in each), so an event's request id names one request.
    genReqId: requestIdOf,
    // Long path parameters reach the route schema and get its 400, not the router's bare 414.
    routerOptions: { maxParamLength: 1000 },
    frameworkErrors: (error, _request, reply) =>
      sendProblem(reply, error.statusCode ?? 400, `request.${error.code.toLowerCase()}`, error.message),
    // Requests Node's HTTP parser refuses get a problem+json answer too, not Fastify's bare JSON.
    clientErrorHandler: answerClientError,
    http: { requireHostHeader: false },
    // A request read while the server stops is answered (with Connection: close), not refused.
    return503OnClosing: false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('db', options.db);
  registerRequestId(app);
  registerRequestLogging(app);
  registerGracefulClose(app);
  const { listTimeoutMs, listWalkRows, listCollectRows } = options.config;
  configureListPlans({
    ...(listTimeoutMs ? { timeoutMs: listTimeoutMs } : {}),
    ...(listWalkRows ? { walkRows: listWalkRows } : {}),
    ...(listCollectRows !== undefined ? { collectRows: listCollectRows } : {}),
  });
  configurePublicUrl(options.config.publicUrl ?? 'http://localhost:3000');
  registerRequestAbort(app);
  // Closing waits for work requests started but did not wait for, before the database goes.
  app.addHook('onClose', settleDetachedWork);
  registerProblemHandlers(app);
  if (options.metrics !== false)
    registerMetrics(app, {
      sources: { pool: () => poolStats(options.db), queues: () => queueBacklogs(options.db) },
      port: options.config.metricsPort ?? null,
      ...(options.config.host ? { host: options.config.host } : {}),
      token: options.config.metricsToken ?? null,
    });
  registerFieldChecks(app);
  registerTextGuard(app);
  await app.register(cookie);
  await registerSecurityHeaders(app);
  // Browsers on other origins (a storefront, an integration's UI) may call the API when listed.
  await app.register(cors, {
    origin: options.config.corsOrigins.length > 0 ? options.config.corsOrigins : false,
    credentials: false,
  });
  await registerRateLimit(app, {
    perMinute: options.config.rateLimitPerMinute,
    signInPerMinute: options.config.signInRateLimitPerMinute,
    redis: options.redis ?? null,
  });
  // The auth hooks sit below the modules: they get the functions they need from here.
  registerAdminAuth(app, options.db, {
    authenticate,
    requireRole,
    unauthenticated: adminErrors.unauthenticated,
    crossOrigin: adminErrors.crossOrigin,
  });
  if (options.reader)
    registerReplicaReads(app, {
      reader: options.reader,
      readYourWritesMs: options.config.readYourWritesMs ?? 5000,
      redis: options.redis ?? null,
      secureCookies: options.secureCookies ?? false,
    });
  const shopperSessions = {
    idleMinutes: options.config.shopperIdleMinutes,
    absoluteHours: options.config.shopperSessionHours,
  };
  registerStoreAuth(app, options.db, shopperSessions, {
    findSite: findSiteByPublishableKey,
    authenticateShopper,
    unknownSite: accountErrors.unknownSite,
    notSignedIn: accountErrors.notSignedIn,
  });
  const mode = options.config.mode ?? 'full';
  const modules = enabledModules(options.config.modules, mode);
  await registerOpenApi(
    app,
    packageVersion,
    modules.flatMap((module) => module.tags ?? []),
  );

  const setup = {
    features: { mode, modules: modules.map((module) => module.name) },
    sessionTtlHours: options.config.sessionTtlHours,
    secureCookies: options.secureCookies ?? false,
    smtpConfigured: options.config.smtpUrl !== null,
    shopperSessions,
    customerFilters: mergedCustomerFilters(modules),
    customerData: customerDataHooks(allModules),
  };
  // A module left out by CLIENTELE_MODULES registers nothing: its routes answer 404.
  await app.register(
    async (admin) => {
      for (const module of modules)
        for (const routes of routesOf(module.adminRoutes, setup)) await admin.register(routes);
    },
    { prefix: '/admin/v1' },
  );
  // Order-management-only mode has no storefront API: shoppers sign in on the store's own platform.
  if (mode !== 'oms')
    await app.register(
      async (store) => {
        for (const module of modules)
          for (const routes of routesOf(module.storeRoutes, setup)) await store.register(routes);
      },
      { prefix: '/store/v1' },
    );
  await app.register(async (root) => {
    for (const module of modules) for (const routes of module.publicRoutes ?? []) await root.register(routes);
  });

  app.get(
    '/healthz',
    {
      config: { role: 'public' },
      schema: {
        tags: ['system'],
        operationId: 'health',
        summary: 'Readiness',
        description: 'Answers 200 once the service is ready and its database answers.',
        security: [],
        response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.Literal('up') }) },
      },
    },
    async () => {
      await options.db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
      return { status: 'ok' as const, database: 'up' as const };
    },
  );

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  if (existsSync(join(webDist, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: webDist,
      prefix: '/admin/',
      wildcard: false,
      index: ['index.html'],
    });
    // The admin app routes on the client: any other /admin/… page gets its index.html.
    app.get('/admin/*', { schema: { hide: true } }, (request, reply) => {
      if (request.url.startsWith('/admin/v1/'))
        return sendProblem(
          reply,
          404,
          'route.not_found',
          `No route ${request.method} ${request.url.split('?')[0]}.`,
        );
      return reply.type('text/html').sendFile('index.html');
    });
  }
  app.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect('/admin/'));

  return app;
}
