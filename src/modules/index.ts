import type { ModuleManifest, RunMode } from '../lib/module.js';
import { accountsModule } from './accounts/accounts.module.js';
import { addressesModule } from './addresses/addresses.module.js';
import { adminsModule } from './admins/admins.module.js';
import { attributesModule } from './attributes/attributes.module.js';
import { bulkModule } from './bulk/bulk.module.js';
import { cartsModule } from './carts/carts.module.js';
import { creditModule } from './credit/credit.module.js';
import { customersModule } from './customers/customers.module.js';
import { emailModule } from './email/email.module.js';
import { eventsModule } from './events/events.module.js';
import { groupsModule } from './groups/groups.module.js';
import { idempotencyModule } from './idempotency/idempotency.module.js';
import { jobsModule } from './jobs/jobs.module.js';
import { marketingModule } from './marketing/marketing.module.js';
import { meModule } from './me/me.module.js';
import { notesModule } from './notes/notes.module.js';
import { ordersModule } from './orders/orders.module.js';
import { referenceModule } from './reference/reference.module.js';
import { seedModule } from './seed/seed.module.js';
import { segmentsModule } from './segments/segments.module.js';
import { tenantsModule } from './tenants/tenants.module.js';
import { viewsModule } from './views/views.module.js';
import { wishlistsModule } from './wishlists/wishlists.module.js';

/**
 * Every module, in the order their routes register (and their tags appear in the API
 * reference). The app, the OpenAPI document and the worker read this list; adding a module is
 * its folder and one line here.
 */
export const allModules: readonly ModuleManifest[] = [
  adminsModule,
  customersModule,
  addressesModule,
  tenantsModule,
  accountsModule,
  meModule,
  referenceModule,
  emailModule,
  ordersModule,
  creditModule,
  cartsModule,
  wishlistsModule,
  groupsModule,
  notesModule,
  segmentsModule,
  viewsModule,
  attributesModule,
  marketingModule,
  eventsModule,
  jobsModule,
  bulkModule,
  idempotencyModule,
  seedModule,
];

export const moduleNames = allModules.map((module) => module.name);

/**
 * The modules to run: every one without a choice (`null`), else the named ones and the core
 * ones (CLIENTELE_MODULES; src/config.ts has refused unknown names already).
 */
export const enabledModules = (
  names: readonly string[] | null,
  mode: RunMode = 'full',
): readonly ModuleManifest[] =>
  allModules.filter(
    (module) =>
      (module.core || names === null || names.includes(module.name)) &&
      !(mode === 'oms' && OMS_OFF.includes(module.name)),
  );

/** The modules order-management-only mode switches off, whatever CLIENTELE_MODULES names. */
const OMS_OFF: readonly string[] = ['marketing', 'segments', 'me'];
