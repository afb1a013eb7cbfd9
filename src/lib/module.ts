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

/**
 * `full`, or `oms` (CLIENTELE_MODE): order management only, Kibo's mode for a store whose shoppers
 * sign in elsewhere. Customer records, orders, carts and the admin app stay; the storefront API
 * (shoppers' sign-in with it), marketing and segments go.
 */
export type RunMode = 'full' | 'oms';

/** What a module's configurable routes may read: the app's settings, decided once at start-up. */
export interface ModuleSetup {
  /** CLIENTELE_MODE, and the modules that run (the admin app shows only their pages). */
  features: { mode: RunMode; modules: readonly string[] };
  sessionTtlHours: number;
  secureCookies: boolean;
  smtpConfigured: boolean;
  shopperSessions: { idleMinutes: number; absoluteHours: number };
  /** Every enabled module's customer filter attributes (customerFilters), merged. */
  customerFilters: CustomerFilterSource;
  /**
   * Every module's GDPR hook (customerData), enabled or not: a module switched off by
   * CLIENTELE_MODULES still has its tables (marketing contacts are made by triggers whatever runs),
   * and what is held must be exported and erased all the same.
   */
  customerData: readonly ModuleCustomerData[];
}

/** One module's GDPR hook with the module's name, which keys its section of an export or erasure. */
export interface ModuleCustomerData {
  module: string;
  hook: CustomerDataHook;
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
   * What the module holds about a customer: the GDPR export (src/flows/export-customer-data.ts)
   * reads it and the erasure (src/flows/erase-customer.ts) removes it through this hook, so a
   * module that keeps customer data and fills it in is never forgotten. docs/privacy.md.
   */
  customerData?: CustomerDataHook;
}

/** Rows an erasure removed or blanked, by table. */
export type ErasedRows = Record<string, number>;

/**
 * The customer an export or erasure is about, with the personal values known of them before it
 * started (emails, earlier ones included, names, phone, username): for modules that keep copies
 * under no customer id (contacts of an earlier email, emails sent to an address) or in free text
 * (the timeline's diffs).
 */
export interface CustomerSubject {
  customerId: string;
  personalValues: readonly string[];
}

/**
 * A module's part of the right of access and the right to erasure (docs/privacy.md, "Adding a
 * module"). `tables` names every table where the module keeps something about a customer; a test
 * checks that every table with a customer column is named by some module.
 */
export interface CustomerDataHook {
  /** What the module holds about a customer, in words (the docs and the erasure's dry run show it). */
  describe: string;
  tables: readonly string[];
  /**
   * Everything the module holds about the customer, as JSON; never a secret (password hash,
   * token). Null when it only keeps copies of what other sections show.
   */
  read(ctx: RequestContext, subject: CustomerSubject): Promise<unknown>;
  /**
   * Removes or blanks the customer's personal data, keeping the sales facts, inside the erasure's
   * transaction (ctx.db is it). Answers the rows it removed or blanked per table; a dry run is
   * the same work rolled back.
   */
  erase(ctx: RequestContext, subject: CustomerSubject): Promise<ErasedRows>;
}

/** A manifest's routes with the app's settings applied. */
export const routesOf = (routes: ModuleManifest['adminRoutes'], setup: ModuleSetup): Routes =>
  routes === undefined ? [] : typeof routes === 'function' ? routes(setup) : routes;

/** The enabled modules' customer filter attributes as one source (a module's names win over none). */
export function mergedCustomerFilters(modules: readonly ModuleManifest[]): CustomerFilterSource {
  const sources = modules.flatMap((module) => (module.customerFilters ? [module.customerFilters] : []));
  return async (ctx) => Object.assign({}, ...(await Promise.all(sources.map((source) => source(ctx)))));
}

/** Rows as an export shows them: every column but the tenant's id, which says nothing about the customer. */
export const withoutTenant = <T extends { tenantId: string }>(rows: readonly T[]): Omit<T, 'tenantId'>[] =>
  rows.map(({ tenantId: _tenant, ...rest }) => rest);

/** The GDPR hooks of `modules`, in their order (the export's sections and the erasure's steps). */
export const customerDataHooks = (modules: readonly ModuleManifest[]): ModuleCustomerData[] =>
  modules.flatMap((module) =>
    module.customerData ? [{ module: module.name, hook: module.customerData }] : [],
  );
