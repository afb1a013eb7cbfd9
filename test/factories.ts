import { randomUUID } from 'node:crypto';
import type { AdminRole, OrderStatus, SiteRow } from '../src/db/types.js';
import { defineAttribute } from '../src/flows/custom-attributes.js';
import { placeOrder } from '../src/flows/place-order.js';
import { register } from '../src/flows/register-shopper.js';
import { inTransaction, type RequestContext, storefrontContext } from '../src/lib/context.js';
import { settleDetachedWork } from '../src/lib/detached.js';
import { hashPassword } from '../src/lib/passwords.js';
import type { RegisterBody } from '../src/modules/accounts/accounts.schemas.js';
import { type StoreContext, setInitialPassword } from '../src/modules/accounts/accounts.service.js';
import type { Address, AddressInput } from '../src/modules/addresses/addresses.schemas.js';
import { createAddress } from '../src/modules/addresses/addresses.service.js';
import { createAdmin, signIn } from '../src/modules/admins/admins.service.js';
import type { Attribute, AttributeCreate } from '../src/modules/attributes/attributes.schemas.js';
import type { Cart, CartPut } from '../src/modules/carts/carts.schemas.js';
import { putCart } from '../src/modules/carts/carts.service.js';
import type { CreditEntryCreate, CreditEntryResult } from '../src/modules/credit/credit.schemas.js';
import { addCreditEntry } from '../src/modules/credit/credit.service.js';
import { addCustomerTags } from '../src/modules/customers/customer-tags.service.js';
import type { CustomerCreate, CustomerDetail } from '../src/modules/customers/customers.schemas.js';
import { createCustomer } from '../src/modules/customers/customers.service.js';
import type { Group, GroupInput, Membership, MembershipInput } from '../src/modules/groups/groups.schemas.js';
import { createGroup } from '../src/modules/groups/groups.service.js';
import { putMembership } from '../src/modules/groups/memberships.service.js';
import type { EffectiveRole, Role, RoleInput } from '../src/modules/groups/roles.schemas.js';
import { assignRole, createRole } from '../src/modules/groups/roles.service.js';
import type { Note } from '../src/modules/notes/notes.schemas.js';
import { addNote } from '../src/modules/notes/notes.service.js';
import { getCreatedOrder } from '../src/modules/orders/order-reads.service.js';
import { changeOrderStatus } from '../src/modules/orders/order-status.service.js';
import type { Order, OrderCreate } from '../src/modules/orders/orders.schemas.js';
import type { Segment, SegmentCreate } from '../src/modules/segments/segments.schemas.js';
import { createSegment } from '../src/modules/segments/segments.service.js';
import type { CustomerSetCreate, SiteCreate } from '../src/modules/tenants/tenants.schemas.js';
import {
  type CustomerSetRow,
  createCustomerSet,
  createSite,
  findSiteByPublishableKey,
  listSites,
} from '../src/modules/tenants/tenants.service.js';
import type {
  Wishlist,
  WishlistInput,
  WishlistItem,
  WishlistItemInput,
} from '../src/modules/wishlists/wishlists.schemas.js';
import { addWishlistItem, createWishlist } from '../src/modules/wishlists/wishlists.service.js';
import { type TestTenant, testConfig } from './helpers/app.js';

/**
 * Test data made through the real services and flows, the way the API makes it (STYLE.md, Tests):
 * every test file builds its customers, orders, sites… here instead of growing helpers of its own.
 * Each factory takes a test tenant (or a request context) and a partial of the fields; what is
 * left out gets a sensible default, with unique emails, codes and numbers.
 */

/** Where a factory writes: a test tenant (its owner's context and default site) or a bare context. */
export type Scope = TestTenant | RequestContext;

/** The password shoppers and registered customers get unless a test gives one. */
export const SHOPPER_PASSWORD = 'violet-tram-42-kettle';
/** The password admin users get unless a test gives one. */
export const ADMIN_PASSWORD = 'correct horse battery';

let counter = 0;
/** A name no other call in this test file answers: `name-N`. */
export const unique = (name: string) => `${name}-${++counter}`;
/** An email address no other call in this test file answers. */
export const uniqueEmail = (name = 'customer') => `${unique(name)}@example.com`;

const isTenant = (scope: Scope): scope is TestTenant => 'siteKey' in scope;
const ctxOf = (scope: Scope): RequestContext => (isTenant(scope) ? scope.ctx : scope);

async function defaultSiteOf(scope: Scope): Promise<{ id: string; publishableKey: string }> {
  if (isTenant(scope)) return { id: scope.siteId, publishableKey: scope.siteKey };
  const [first] = await listSites(scope);
  if (!first) throw new Error('This tenant has no site.');
  return first;
}

/** The fields of a new customer, as POST /customers takes them (addresses included). */
export type CustomerFields = Partial<CustomerCreate>;

/** A signed-in shopper: its customer id, credentials, session token and storefront headers. */
export interface Shopper {
  id: string;
  email: string;
  password: string;
  siteKey: string;
  token: string;
  headers: { 'x-site-key': string; authorization: string };
}

/** A signed-in admin user: its id, credentials and Bearer header. */
export interface TestAdmin {
  id: string;
  email: string;
  password: string;
  role: AdminRole;
  auth: { authorization: string };
}

/** The order's total as the orders module computes it, so a factory order is always valid. */
const totalOf = (input: Pick<OrderCreate, 'lines' | 'shippingTotal'>) =>
  input.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice - (l.discount ?? 0) + (l.tax ?? 0), 0) +
  (input.shippingTotal ?? 0);

/** The status changes that lead from placed to each status (TRANSITIONS in the orders module). */
const pathTo: Record<OrderStatus, Exclude<OrderStatus, 'placed'>[]> = {
  placed: [],
  paid: ['paid'],
  fulfilled: ['paid', 'fulfilled'],
  cancelled: ['cancelled'],
  refunded: ['paid', 'refunded'],
  partially_refunded: ['paid', 'partially_refunded'],
};

export const make = {
  /** A customer (a guest unless `isRegistered`) with a unique email unless given (null for none). */
  customer(scope: Scope, fields: CustomerFields = {}): Promise<CustomerDetail> {
    return createCustomer(ctxOf(scope), { email: uniqueEmail('customer'), ...fields });
  },

  /** A registered customer as an admin makes one (no welcome email); with `password` it can sign in. */
  async registeredCustomer(
    scope: Scope,
    fields: CustomerFields & { password?: string; username?: string } = {},
  ): Promise<CustomerDetail & { email: string }> {
    const { password, username, ...rest } = fields;
    const passwordHash = password ? await hashPassword(password) : null;
    const customer = await inTransaction(ctxOf(scope), async (trx) => {
      const created = await createCustomer(
        trx,
        { email: uniqueEmail('registered'), ...rest, isRegistered: true },
        { username },
      );
      if (passwordHash) await setInitialPassword(trx, created.id, passwordHash);
      return created;
    });
    return { ...customer, email: customer.email! };
  },

  /** A shopper registered on a storefront (welcome email and all) and signed in there. */
  async shopper(scope: Scope, fields: Partial<RegisterBody> & { siteKey?: string } = {}): Promise<Shopper> {
    const { siteKey: key, ...body } = fields;
    const ctx = ctxOf(scope);
    const siteKey = key ?? (await defaultSiteOf(scope)).publishableKey;
    const site = await findSiteByPublishableKey(ctx.db, siteKey);
    if (!site) throw new Error(`No site has the key ${siteKey}.`);
    const store: StoreContext = storefrontContext({ db: ctx.db }, site);
    const email = body.email ?? uniqueEmail('shopper');
    const password = body.password ?? SHOPPER_PASSWORD;
    const config = testConfig();
    const session = await register(
      store,
      { firstName: 'Sam', lastName: 'Shopper', ...body, email, password },
      { idleMinutes: config.shopperIdleMinutes, absoluteHours: config.shopperSessionHours },
    );
    return {
      id: session.customerId,
      email,
      password,
      siteKey,
      token: session.token,
      headers: { 'x-site-key': siteKey, authorization: `Bearer ${session.token}` },
    };
  },

  /**
   * A custom attribute definition as POST /attributes makes one (its index built when
   * `indexed`): a text attribute with a unique code unless told.
   */
  attribute(scope: Scope, fields: Partial<AttributeCreate> = {}): Promise<Attribute> {
    const code = fields.code ?? unique('attr').replace('-', '');
    return defineAttribute(ctxOf(scope), { type: 'text', label: code, ...fields, code });
  },

  /** A customer set of its own (its customers and sign-ins are apart from the others'). */
  customerSet(scope: Scope, fields: Partial<CustomerSetCreate> = {}): Promise<CustomerSetRow> {
    const code = fields.code ?? unique('set');
    return createCustomerSet(ctxOf(scope), { code, name: code, ...fields });
  },

  /** A site with its publishable key: in the default set, in `customerSetId`, or in a new set. */
  async site(
    scope: Scope,
    fields: Partial<SiteCreate> & { newCustomerSet?: boolean } = {},
  ): Promise<SiteRow> {
    const { newCustomerSet, ...input } = fields;
    const customerSetId = newCustomerSet ? (await make.customerSet(scope)).id : input.customerSetId;
    const code = input.code ?? unique('site');
    return createSite(ctxOf(scope), {
      name: `Site ${code}`,
      ...input,
      code,
      ...(customerSetId ? { customerSetId } : {}),
    });
  },

  /**
   * An order placed through the checkout flow (so the customer's metrics count it), then moved
   * on to `status` (the last change noted `statusNote`). Unless told: one line of `total` (10.00) USD, placed now, by a new guest;
   * the total is computed from the lines.
   */
  async order(
    scope: Scope,
    fields: Partial<OrderCreate> & { status?: OrderStatus; statusNote?: string } = {},
  ): Promise<Order> {
    const { status = 'placed', statusNote, ...input } = fields;
    const ctx = ctxOf(scope);
    const lines = input.lines ?? [{ sku: 'X', name: 'Thing', quantity: 1, unitPrice: input.total ?? 1000 }];
    const placed = await placeOrder(ctx, randomUUID(), {
      siteId: input.siteId ?? (await defaultSiteOf(scope)).id,
      number: unique('N'),
      currency: 'USD',
      placedAt: new Date().toISOString(),
      ...(input.customerId ? {} : { customer: { email: uniqueEmail('buyer') } }),
      ...input,
      lines,
      total: input.total ?? totalOf({ lines, shippingTotal: input.shippingTotal }),
    });
    const order = placed.body;
    if (status === 'placed') return order;
    for (const next of pathTo[status]) {
      const amount = next === 'partially_refunded' ? Math.ceil(order.total / 2) : undefined;
      const note = next === status ? statusNote : undefined;
      await changeOrderStatus(
        ctx,
        order.id,
        { status: next, ...(amount ? { amount } : {}), ...(note ? { note } : {}) },
        undefined,
      );
    }
    return getCreatedOrder(ctx, order.id);
  },

  /** A saved segment (checked as the API checks it): a unique name and `tags pr` unless given. */
  segment(scope: Scope, fields: Partial<SegmentCreate> = {}): Promise<Segment> {
    return createSegment(ctxOf(scope), { name: unique('Segment'), filter: 'tags pr', ...fields });
  },

  /** A cart the checkout put (created, or replaced when `id` exists): one 10.00 EUR line on the default site. */
  async cart(scope: Scope, fields: Partial<CartPut> & { id?: string } = {}): Promise<Cart> {
    const { id = randomUUID(), ...input } = fields;
    const { cart } = await putCart(ctxOf(scope), id, {
      siteId: (await defaultSiteOf(scope)).id,
      currency: 'EUR',
      lines: [{ sku: 'A', name: 'Product A', quantity: 1, unitPrice: 1000 }],
      ...input,
    });
    return cart;
  },

  /** A customer's wish list, empty. */
  wishlist(scope: Scope, customerId: string, fields: Partial<WishlistInput> = {}): Promise<Wishlist> {
    return createWishlist(ctxOf(scope), customerId, { name: unique('List'), ...fields });
  },

  /** An item on a customer's wish list (quantity 1 unless told). */
  wishlistItem(
    scope: Scope,
    customerId: string,
    wishlistId: string,
    fields: Partial<WishlistItemInput> = {},
  ): Promise<WishlistItem> {
    const sku = fields.sku ?? unique('SKU');
    return addWishlistItem(ctxOf(scope), customerId, wishlistId, {
      name: `Product ${sku}`,
      quantity: 1,
      ...fields,
      sku,
    });
  },

  /** A store-credit entry an admin made: 10.00 USD issued unless told (a negative amount deducts). */
  async credit(
    scope: Scope,
    customerId: string,
    fields: Partial<CreditEntryCreate> = {},
  ): Promise<CreditEntryResult> {
    const result = await addCreditEntry(
      ctxOf(scope),
      customerId,
      { amount: 1000, currency: 'USD', reason: 'Goodwill', ...fields },
      randomUUID(),
    );
    return result.body;
  },

  /** An address of a customer (its first becomes the default billing and shipping one). */
  address(scope: Scope, customerId: string, fields: Partial<AddressInput> = {}): Promise<Address> {
    return createAddress(ctxOf(scope), customerId, {
      line1: '1 Main St',
      city: 'Austin',
      countryCode: 'US',
      stateCode: 'US-TX',
      ...fields,
    });
  },

  /** A customer group with a unique code, bundling `roleIds` when given. */
  group(scope: Scope, fields: Partial<GroupInput> = {}): Promise<Group> {
    const code = fields.code ?? unique('group');
    return createGroup(ctxOf(scope), { name: `Group ${code}`, ...fields, code });
  },

  /** A customer role with a unique code. */
  role(scope: Scope, fields: Partial<RoleInput> = {}): Promise<Role> {
    const code = fields.code ?? unique('role');
    return createRole(ctxOf(scope), { name: `Role ${code}`, ...fields, code });
  },

  /** A customer's membership of a group: from now, with no end, unless told. */
  async membership(
    scope: Scope,
    customerId: string,
    groupId: string,
    period: MembershipInput = {},
  ): Promise<Membership> {
    return (await putMembership(ctxOf(scope), customerId, groupId, period)).membership;
  },

  /** A role given to a customer directly: on every site unless `siteId`. */
  async customerRole(
    scope: Scope,
    customerId: string,
    roleId: string,
    siteId: string | null = null,
  ): Promise<EffectiveRole> {
    return (await assignRole(ctxOf(scope), customerId, roleId, { siteId })).role;
  },

  /** Tags added to a customer, as POST /customers/{id}/tags adds them; answers all its tags. */
  async tags(scope: Scope, customerId: string, tags: string[]): Promise<string[]> {
    return (await addCustomerTags(ctxOf(scope), customerId, tags)).tags;
  },

  /** A staff note on a customer, written by `author` (an admin from make.admin) or else the system actor. */
  note(scope: Scope, customerId: string, fields: { body?: string; author?: TestAdmin } = {}): Promise<Note> {
    const ctx = ctxOf(scope);
    const { author } = fields;
    const as = author ? { ...ctx, actor: { type: 'admin' as const, id: author.id, role: author.role } } : ctx;
    return addNote(as, customerId, { body: fields.body ?? unique('Note') });
  },

  /** An admin user of the tenant (support unless told), signed in: id, email, password, Bearer header. */
  async admin(
    scope: Scope,
    fields: { role?: AdminRole; email?: string; password?: string; name?: string } = {},
  ): Promise<TestAdmin> {
    const ctx = ctxOf(scope);
    const role = fields.role ?? 'support';
    const email = fields.email ?? uniqueEmail(`staff-${role}`);
    const password = fields.password ?? ADMIN_PASSWORD;
    const created = await createAdmin(ctx, { email, password, role, name: fields.name ?? null });
    const session = await signIn(ctx.db, email, password, testConfig().sessionTtlHours);
    return { id: created.id, email, password, role, auth: { authorization: `Bearer ${session.token}` } };
  },
};

/** An email as the outbox stores it. */
export type OutboxEmail = Awaited<ReturnType<typeof read.outbox>>[number];

/** The token of a one-time link (reset, invite, confirmation) in an email's text, or null. */
const linkToken = (text: string) => /[?&]token=([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? null;

export const read = {
  /** Emails queued to an address, newest first, as stored (the Mailbox API may hide parts). */
  async outbox(scope: Scope, to: string) {
    // Some routes (forgot-password) write their email after answering (src/lib/detached.ts).
    await settleDetachedWork();
    return ctxOf(scope)
      .db.selectFrom('emailOutbox')
      .selectAll()
      .where('toAddress', '=', to)
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .execute();
  },

  linkToken,

  /** The token of the link in the newest `template` email to an address; throws when there is none. */
  async lastLinkTo(scope: Scope, to: string, template: string): Promise<string> {
    const email = (await read.outbox(scope, to)).find((e) => e.template === template);
    const token = email ? linkToken(email.textBody) : null;
    if (!token) throw new Error(`No ${template} email with a link to ${to}.`);
    return token;
  },
};
