import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../db/database.js';
import type { RequestContext } from './context.js';
import type { FilterAttributes } from './filter/filter-sql.js';

/**
 * Filter attributes a module adds to the customer list's filter language (and so to segments):
 * `group`, `role`, `attributes.<code>`… Per request, since some depend on the tenant's own
 * definitions.
 */
export type CustomerFilterSource = (ctx: RequestContext) => FilterAttributes | Promise<FilterAttributes>;

/** What a module's configurable routes may read: the app's settings, decided once at start-up. */
export interface ModuleSetup {
  sessionTtlHours: number;
  secureCookies: boolean;
  smtpConfigured: boolean;
  shopperSessions: { idleMinutes: number; absoluteHours: number };
  /** Every enabled module's customer filter attributes (customerFilters), merged. */
  customerFilters: CustomerFilterSource;
}

type Routes = readonly FastifyPluginAsyncTypebox[];

/** A background job the worker starts for a module: a timer, a run-now, a stop that waits. */
export interface ModuleJob {
  name: string;
  start(options: {
    db: Database;
    logger: {
      info(o: object, m?: string): void;
      warn(o: object, m?: string): void;
      error(o: object, m?: string): void;
    };
    /** 0 runs only on runOnce(); absent keeps the job's own schedule. */
    everyMs: number | undefined;
  }): { runOnce(): Promise<number>; stop(): Promise<void> };
}

/**
 * One module as the app, the OpenAPI document and the worker see it. `src/modules/index.ts`
 * lists every manifest; adding a module is its folder and one line there.
 */
export interface ModuleManifest {
  /** The name CLIENTELE_MODULES uses. */
  name: string;
  /**
   * Core modules run whatever CLIENTELE_MODULES says: sign-in, tenants and customers are what
   * every other module stands on.
   */
  core?: boolean;
  /** The module's OpenAPI tags with their descriptions (the first is its own). */
  tags?: readonly { name: string; description: string }[];
  /** Route plugins under /admin/v1, in registration order. */
  adminRoutes?: Routes | ((setup: ModuleSetup) => Routes);
  /** Route plugins under /store/v1 (the storefront API). */
  storeRoutes?: Routes | ((setup: ModuleSetup) => Routes);
  /** Route plugins at the root, outside the API versions (the one-click unsubscribe links emails carry). */
  publicRoutes?: Routes;
  jobs?: readonly ModuleJob[];
  /** Attributes this module adds to the customer filter language; see CustomerFilterSource. */
  customerFilters?: CustomerFilterSource;
  /**
   * What the module holds about a customer, in words, for the export and erasure flows later
   * issues add (they will extend this with the read and the erase).
   */
  customerData?: string;
}

/** A manifest's routes with the app's settings applied. */
export const routesOf = (routes: ModuleManifest['adminRoutes'], setup: ModuleSetup): Routes =>
  routes === undefined ? [] : typeof routes === 'function' ? routes(setup) : routes;

/** The enabled modules' customer filter attributes as one source (a module's names win over none). */
export function mergedCustomerFilters(modules: readonly ModuleManifest[]): CustomerFilterSource {
  const sources = modules.flatMap((module) => (module.customerFilters ? [module.customerFilters] : []));
  return async (ctx) => Object.assign({}, ...(await Promise.all(sources.map((source) => source(ctx)))));
}
