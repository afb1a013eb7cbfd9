import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable, Updateable } from 'kysely';

/** Timestamps are written as Date or ISO text and always read back as Date. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

// The closed sets of values a column holds (roles, email and order statuses, credit kinds) are
// written once, here: the column's type, the TypeBox schemas and the CLI's choices derive from
// them. The migrations' CHECK constraints are history and keep their own copy.

/** Admin roles, strongest first. */
export const ADMIN_ROLES = ['owner', 'admin', 'support', 'viewer'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export interface TenantsTable {
  id: string;
  slug: string;
  name: string;
  /** Orders in this currency count toward customers' totalSpent. */
  reportingCurrency: Generated<string>;
  /** How many days the audit log (events) keeps entries; the worker deletes older ones. */
  auditRetentionDays: Generated<number>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface CustomerSetsTable {
  tenantId: string;
  id: string;
  code: string;
  name: string;
  isDefault: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface SitesTable {
  tenantId: string;
  id: string;
  customerSetId: string;
  code: string;
  name: string;
  defaultCurrency: Generated<string>;
  countryCode: string | null;
  publishableKey: string;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface CustomersTable {
  tenantId: string;
  id: string;
  customerSetId: string;
  originSiteId: string | null;
  isRegistered: Generated<boolean>;
  enabled: Generated<boolean>;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  companyName: string | null;
  organizationId: string | null;
  taxId: string | null;
  locale: string | null;
  note: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  externalId: string | null;
  countryCode: string | null;
  stateCode: string | null;
  ordersCount: Generated<number>;
  totalSpentMinor: Generated<number>;
  firstOrderAt: NullableTimestamp;
  lastOrderAt: NullableTimestamp;
  anonymizedAt: NullableTimestamp;
  version: Generated<number>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  searchText: GeneratedAlways<string>;
  /** Set on a guest whose email registered later: the registered customer that took over its history. */
  registeredCustomerId: ColumnType<string | null, string | null | undefined, string | null>;
  /** Custom attribute values by definition code (attribute_definitions); written as JSON text. */
  attributes: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface AddressesTable {
  tenantId: string;
  id: string;
  customerId: string;
  label: string | null;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string | null;
  countryCode: string;
  stateCode: string | null;
  phone: string | null;
  isDefaultBilling: Generated<boolean>;
  isDefaultShipping: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface AdminUsersTable {
  tenantId: string;
  id: string;
  email: string;
  name: string | null;
  role: AdminRole;
  passwordHash: string;
  disabled: Generated<boolean>;
  failedSignIns: Generated<number>;
  lockedUntil: NullableTimestamp;
  lockouts: Generated<number>;
  lastSignInAt: NullableTimestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface AdminSessionsTable {
  tenantId: string;
  id: string;
  adminUserId: string;
  tokenHash: string;
  expiresAt: Timestamp;
  createdAt: Timestamp;
}

export interface ApiKeysTable {
  tenantId: string;
  id: string;
  name: string;
  role: AdminRole;
  keyPrefix: string;
  keyHash: string;
  createdBy: string | null;
  lastUsedAt: NullableTimestamp;
  revokedAt: NullableTimestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface AccountsTable {
  tenantId: string;
  customerId: string;
  customerSetId: string;
  username: string;
  /** Null until an invited customer sets a first password. */
  passwordHash: string | null;
  failedSignIns: Generated<number>;
  lockedUntil: NullableTimestamp;
  lockouts: Generated<number>;
  disabledReason: string | null;
  lastSignInAt: NullableTimestamp;
  passwordChangedAt: NullableTimestamp;
  emailVerifiedAt: NullableTimestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface ShopperSessionsTable {
  tenantId: string;
  id: string;
  customerId: string;
  siteId: string;
  tokenHash: string;
  lastSeenAt: Timestamp;
  idleExpiresAt: Timestamp;
  expiresAt: Timestamp;
  createdAt: Timestamp;
}

/** `erase`: a shopper's request to erase their data, confirmed from the emailed link (migration 0019). */
export type AccountTokenPurpose = 'reset' | 'invite' | 'verify_email' | 'erase';

export interface AccountTokensTable {
  tenantId: string;
  id: string;
  customerId: string;
  purpose: AccountTokenPurpose;
  tokenHash: string;
  newEmail: string | null;
  expiresAt: Timestamp;
  usedAt: NullableTimestamp;
  createdAt: Timestamp;
}

export interface EventsTable {
  tenantId: string;
  id: string;
  /** The customer changed; null for a change not about one customer (then subject names it). */
  customerId: string | null;
  action: string;
  /** What a change not about one customer was about (`site`, `apiKey`, `group`…), and its id. */
  subjectType: string | null;
  subjectId: string | null;
  actorType: string;
  actorId: string;
  /** The request (or CLI command or worker job run) that wrote it; null on events before 0006. */
  requestId: string | null;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  createdAt: Timestamp;
}

/** Why an endpoint is off: an admin turned it off, it answered 410 Gone, or it kept failing. */
export const WEBHOOK_DISABLED_REASONS = ['manual', 'gone', 'failing'] as const;
export type WebhookDisabledReason = (typeof WEBHOOK_DISABLED_REASONS)[number];

export interface WebhooksTable {
  tenantId: string;
  id: string;
  url: string;
  topics: string[];
  enabled: Generated<boolean>;
  description: string | null;
  /** The signing secret as `whsec_<base64>`; shown on create and rotate only. */
  secret: string;
  disabledReason: WebhookDisabledReason | null;
  /** The first failed attempt since the last success: three days of it disable the endpoint. */
  failingSince: NullableTimestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** pending: not tried yet; failed: tried, will retry; succeeded; dead: given up. */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed', 'dead'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export interface WebhookDeliveriesTable {
  tenantId: string;
  id: string;
  webhookId: string;
  eventId: string;
  topic: string;
  /** The exact body sent (JSON text), the same bytes on every retry. */
  payload: string;
  status: ColumnType<WebhookDeliveryStatus, WebhookDeliveryStatus | undefined, WebhookDeliveryStatus>;
  attempts: Generated<number>;
  nextAttemptAt: Timestamp;
  lastAttemptAt: NullableTimestamp;
  lastResponseCode: number | null;
  lastResponseMs: number | null;
  lastError: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export const EMAIL_STATUSES = ['pending', 'sent', 'kept', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export interface EmailOutboxTable {
  tenantId: string;
  id: string;
  siteId: string | null;
  customerId: string | null;
  template: string;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  status: ColumnType<EmailStatus, EmailStatus | undefined, EmailStatus>;
  attempts: Generated<number>;
  lastError: string | null;
  nextAttemptAt: Timestamp;
  sentAt: NullableTimestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /** Extra headers (List-Unsubscribe…) as a JSON object of name → value; null for none. */
  headers: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  /** The newsletter an email is about: the worker does not send it to an address that left it. */
  newsletterId: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Money in minor units: bigint in SQL, read as a number on both drivers (src/db/database.ts). */
type Money = number;
type NullableMoney = number | null;
type NullableJson<T = unknown> = ColumnType<T | null, string | null | undefined, string | null>;

/** What an idempotent write did, kept with its key so a replay answers the same. */
export type IdempotencyOutcome = 'created' | 'updated';

export interface IdempotencyKeysTable {
  tenantId: string;
  key: string;
  operation: string;
  requestHash: string;
  /** What the work did; null only on a claim an older version left without an answer. */
  outcome: IdempotencyOutcome | null;
  /** Computed from `outcome` (201 created, 200 updated) for readers of the old shape; never written. */
  responseStatus: GeneratedAlways<number | null>;
  responseBody: NullableJson;
  createdAt: Timestamp;
  expiresAt: Timestamp;
}

export const ORDER_STATUSES = [
  'placed',
  'paid',
  'fulfilled',
  'cancelled',
  'refunded',
  'partially_refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrdersTable {
  tenantId: string;
  id: string;
  siteId: string;
  customerId: string;
  number: string;
  status: OrderStatus;
  currency: string;
  subtotalMinor: Money;
  discountMinor: Generated<Money>;
  taxMinor: Generated<Money>;
  shippingMinor: Generated<Money>;
  totalMinor: Money;
  refundedMinor: Generated<Money>;
  email: string | null;
  billingAddress: NullableJson<Record<string, unknown>>;
  shippingAddress: NullableJson<Record<string, unknown>>;
  placedAt: Timestamp;
  version: Generated<number>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface OrderLinesTable {
  tenantId: string;
  orderId: string;
  lineNo: number;
  sku: string;
  name: string;
  quantity: number;
  unitPriceMinor: Money;
  discountMinor: Generated<Money>;
  taxMinor: Generated<Money>;
  totalMinor: Money;
}

export interface OrderStatusChangesTable {
  tenantId: string;
  id: string;
  orderId: string;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  amountMinor: NullableMoney;
  note: string | null;
  actorType: string;
  actorId: string;
  createdAt: Timestamp;
}

export interface CartsTable {
  tenantId: string;
  id: string;
  siteId: string;
  customerId: string | null;
  currency: string;
  subtotalMinor: Generated<Money>;
  lineCount: Generated<number>;
  lastActivityAt: Timestamp;
  convertedOrderId: string | null;
  convertedAt: NullableTimestamp;
  reminderSentAt: NullableTimestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface CartLinesTable {
  tenantId: string;
  cartId: string;
  lineNo: number;
  sku: string;
  name: string;
  quantity: number;
  unitPriceMinor: Money;
}

export interface WishlistsTable {
  tenantId: string;
  id: string;
  customerId: string;
  name: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface WishlistItemsTable {
  tenantId: string;
  id: string;
  wishlistId: string;
  sku: string;
  name: string;
  quantity: Generated<number>;
  note: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface SegmentsTable {
  tenantId: string;
  id: string;
  name: string;
  description: string | null;
  /** The filter's text, parsed and compiled again on every read (migration 0011). */
  filter: string;
  createdByType: string;
  createdById: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export const CREDIT_KINDS = ['issue', 'deduct', 'redeem', 'return', 'expire'] as const;
export type CreditKind = (typeof CREDIT_KINDS)[number];

export interface CreditEntriesTable {
  tenantId: string;
  id: string;
  customerId: string;
  currency: string;
  amountMinor: Money;
  kind: CreditKind;
  reason: string;
  reference: string | null;
  orderId: string | null;
  expiresAt: NullableTimestamp;
  /** On issued credit: how much of it is not yet spent (spending takes the soonest-expiring first). */
  remainingMinor: NullableMoney;
  idempotencyKey: string | null;
  actorType: string;
  actorId: string;
  createdAt: Timestamp;
}

export interface CreditBalancesTable {
  tenantId: string;
  customerId: string;
  currency: string;
  balanceMinor: Generated<Money>;
  updatedAt: Timestamp;
}

export interface RolesTable {
  tenantId: string;
  id: string;
  code: string;
  name: string;
  description: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** Customers per tag and tenant, kept by triggers on customers (migration 0010). */
export interface CustomerTagCountsTable {
  tenantId: string;
  /** The tag lower-cased: one row per tag whatever its spelling. */
  tagKey: string;
  /** The spelling shown (the first one counted). */
  tag: string;
  customerCount: number;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface GroupsTable {
  tenantId: string;
  id: string;
  code: string;
  name: string;
  description: string | null;
  /** Days before a membership ends that its reminder email goes out; null for none. */
  reminderDays: number | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface GroupRolesTable {
  tenantId: string;
  groupId: string;
  roleId: string;
}

export interface GroupMembersTable {
  tenantId: string;
  id: string;
  groupId: string;
  customerId: string;
  validFrom: Timestamp;
  validTo: NullableTimestamp;
  /** When the worker found the membership past its end (and put it on the timeline). */
  endedAt: NullableTimestamp;
  reminderSentAt: NullableTimestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface CustomerRolesTable {
  tenantId: string;
  id: string;
  customerId: string;
  roleId: string;
  /** Null: the role holds on every site. */
  siteId: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface CustomerNotesTable {
  tenantId: string;
  id: string;
  customerId: string;
  /** Who wrote it, as an event's actor: `admin`, `apiKey` or `system`. */
  authorType: string;
  authorId: string;
  body: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export type AttributeType = 'text' | 'number' | 'date' | 'boolean' | 'enum' | 'multiEnum';

export interface AttributeDefinitionsTable {
  tenantId: string;
  id: string;
  code: string;
  label: string;
  type: AttributeType;
  options: ColumnType<{ value: string; label: string }[], string | undefined, string>;
  validation: ColumnType<Record<string, unknown>, string | undefined, string>;
  required: Generated<boolean>;
  shopperVisible: Generated<boolean>;
  shopperEditable: Generated<boolean>;
  indexed: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** Shopify's subscription states (issue 14). */
export const SUBSCRIPTION_STATUSES = [
  'SUBSCRIBED',
  'UNSUBSCRIBED',
  'NOT_SUBSCRIBED',
  'PENDING',
  'REDACTED',
  'INVALID',
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export const OPT_IN_LEVELS = ['SINGLE_OPT_IN', 'CONFIRMED_OPT_IN'] as const;
export type OptInLevel = (typeof OPT_IN_LEVELS)[number];
/** Where a consent record's change came from. */
export const CONSENT_SOURCES = [
  'storefront_form',
  'checkout',
  'registration',
  'admin',
  'import',
  'api',
  'unsubscribe_link',
  'bounce',
] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

export interface NewslettersTable {
  tenantId: string;
  id: string;
  siteId: string;
  code: string;
  name: string;
  description: string | null;
  doubleOptIn: Generated<boolean>;
  isDefault: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface ContactsTable {
  tenantId: string;
  id: string;
  email: string;
  customerId: string | null;
  firstName: string | null;
  lastName: string | null;
  locale: string | null;
  invalidAt: NullableTimestamp;
  invalidReason: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface SubscriptionsTable {
  tenantId: string;
  contactId: string;
  newsletterId: string;
  status: SubscriptionStatus;
  optInLevel: OptInLevel | null;
  subscribedAt: NullableTimestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface ConsentRecordsTable {
  tenantId: string;
  id: string;
  contactId: string;
  newsletterId: string;
  newsletterCode: string;
  status: SubscriptionStatus;
  optInLevel: OptInLevel | null;
  source: ConsentSource;
  consentText: string | null;
  ip: string | null;
  userAgent: string | null;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  createdAt: Timestamp;
}

export interface MarketingTokensTable {
  tenantId: string;
  id: string;
  purpose: 'confirm' | 'unsubscribe';
  tokenHash: string;
  contactId: string;
  newsletterId: string;
  expiresAt: NullableTimestamp;
  usedAt: NullableTimestamp;
  createdAt: Timestamp;
}

export const JOB_KINDS = ['import', 'export', 'bulk'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobsTable {
  tenantId: string;
  id: string;
  kind: JobKind;
  status: Generated<JobStatus>;
  params: ColumnType<Record<string, unknown>, string | undefined, string>;
  progressDone: Generated<number>;
  progressTotal: number | null;
  progressFailed: Generated<number>;
  result: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  createdByType: string;
  createdById: string;
  createdByLabel: string | null;
  /** The creator's admin role, so the job runs with no more rights than they had. */
  createdByRole: string;
  cancelRequested: Generated<boolean>;
  /** The worker run holding the job, and until when (renewed while it runs). */
  claimedBy: string | null;
  leaseUntil: NullableTimestamp;
  attempts: Generated<number>;
  /** Where a resumed run starts: the handler's own shape (an import: byte offset and line). */
  checkpoint: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  createdAt: Timestamp;
  startedAt: NullableTimestamp;
  finishedAt: NullableTimestamp;
}

export interface JobFilesTable {
  tenantId: string;
  jobId: string;
  /** `input` (an upload) or `output` (an export). */
  name: string;
  part: number;
  bytes: Uint8Array;
}

export interface JobErrorsTable {
  tenantId: string;
  jobId: string;
  line: number;
  seq: number;
  columnName: string;
  value: string | null;
  message: string;
}

/** A grid's URL state under a name (migration 0016): private to its author, or shared in the tenant. */
export interface SavedViewsTable {
  tenantId: string;
  id: string;
  name: string;
  shared: boolean;
  /** The author, as an event's actor: `admin` or `apiKey` and its id. */
  ownerType: string;
  ownerId: string;
  q: string | null;
  filter: string | null;
  sort: string | null;
  columns: ColumnType<{ id: string; width?: number }[], string | undefined, string>;
  segmentId: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** The view each author's grid opens on. */
export interface DefaultViewsTable {
  tenantId: string;
  ownerType: string;
  ownerId: string;
  viewId: string;
  updatedAt: Timestamp;
}

/** A merged customer's id and the survivor it went into (migration 0016). */
export interface CustomerMergesTable {
  tenantId: string;
  sourceId: string;
  survivorId: string;
  actorType: string;
  actorId: string;
  mergedAt: Timestamp;
}

export interface DB {
  tenants: TenantsTable;
  customerSets: CustomerSetsTable;
  sites: SitesTable;
  customers: CustomersTable;
  addresses: AddressesTable;
  adminUsers: AdminUsersTable;
  adminSessions: AdminSessionsTable;
  apiKeys: ApiKeysTable;
  accounts: AccountsTable;
  shopperSessions: ShopperSessionsTable;
  accountTokens: AccountTokensTable;
  events: EventsTable;
  emailOutbox: EmailOutboxTable;
  idempotencyKeys: IdempotencyKeysTable;
  orders: OrdersTable;
  orderLines: OrderLinesTable;
  orderStatusChanges: OrderStatusChangesTable;
  carts: CartsTable;
  cartLines: CartLinesTable;
  wishlists: WishlistsTable;
  wishlistItems: WishlistItemsTable;
  creditEntries: CreditEntriesTable;
  creditBalances: CreditBalancesTable;
  roles: RolesTable;
  groups: GroupsTable;
  groupRoles: GroupRolesTable;
  groupMembers: GroupMembersTable;
  customerRoles: CustomerRolesTable;
  customerTagCounts: CustomerTagCountsTable;
  customerNotes: CustomerNotesTable;
  segments: SegmentsTable;
  attributeDefinitions: AttributeDefinitionsTable;
  newsletters: NewslettersTable;
  contacts: ContactsTable;
  subscriptions: SubscriptionsTable;
  consentRecords: ConsentRecordsTable;
  marketingTokens: MarketingTokensTable;
  jobs: JobsTable;
  jobFiles: JobFilesTable;
  jobErrors: JobErrorsTable;
  savedViews: SavedViewsTable;
  defaultViews: DefaultViewsTable;
  customerMerges: CustomerMergesTable;
  webhooks: WebhooksTable;
  webhookDeliveries: WebhookDeliveriesTable;
}

export type CustomerRow = Selectable<CustomersTable>;
export type NewCustomerRow = Insertable<CustomersTable>;
export type CustomerUpdate = Updateable<CustomersTable>;
export type AddressRow = Selectable<AddressesTable>;
export type NewAddressRow = Insertable<AddressesTable>;
export type SiteRow = Selectable<SitesTable>;
export type AdminUserRow = Selectable<AdminUsersTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type AccountRow = Selectable<AccountsTable>;
export type EmailRow = Selectable<EmailOutboxTable>;
export type RoleRow = Selectable<RolesTable>;
export type GroupRow = Selectable<GroupsTable>;
