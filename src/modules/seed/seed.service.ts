import {
  type Faker,
  faker,
  fakerCS_CZ,
  fakerDE,
  fakerEN_AU,
  fakerEN_CA,
  fakerEN_GB,
  fakerEN_US,
  fakerFR,
} from '@faker-js/faker';
import type { DatabaseKind } from '../../db/database.js';
import type { RequestContext } from '../../lib/context.js';
import { listStates } from '../../lib/geo.js';
import { newId } from '../../lib/ids.js';
import {
  afterBulkWrite,
  insertNewCustomers,
  type NewCustomer,
} from '../customers/customer-import.service.js';
import { createCustomer } from '../customers/customers.service.js';
import { defaultCustomerSet, listSites } from '../tenants/tenants.service.js';
import { boundedWrites } from './bounded-writes.js';
import { demoCustomers } from './demo-customers.js';
import { type SeedCustomer, type SeedTarget, seedRepository } from './seed.repository.js';

/**
 * Loads the demo customers and `extra` generated ones, once: when the demo customers are there
 * already (a restart of `serve --demo`), it adds nothing and answers 0. Guests may share an email,
 * so a second run is told by the demo customers' emails being in use, not by a refused create.
 */
export async function seedDemo(ctx: RequestContext, extra = 50): Promise<number> {
  let created = 0;
  // Demo customers come from the tenant's first site, so the grid's Site column shows it.
  const originSiteId = (await listSites(ctx))[0]?.id ?? null;
  const inUse = await seedRepository.emailsInUse(
    ctx,
    demoCustomers.map((customer) => customer.email!),
  );
  for (const customer of demoCustomers) {
    if (inUse.has(customer.email!.toLowerCase())) continue;
    try {
      await createCustomer(ctx, { ...customer, originSiteId });
      created++;
    } catch (error) {
      // Seeding twice must not fail: a demo customer that exists already is kept as it is.
      if ((error as { code?: string }).code !== 'customer.email_taken') throw error;
    }
  }
  if (created === 0) return 0;
  faker.seed(42);
  for (let i = 0; i < extra; i++) {
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    await createCustomer(ctx, {
      originSiteId,
      firstName,
      lastName,
      email: faker.internet.email({ firstName, lastName }).toLowerCase(),
      isRegistered: false,
      companyName: i % 4 === 0 ? faker.company.name() : null,
      addresses: [
        {
          line1: faker.location.streetAddress(),
          city: faker.location.city(),
          postalCode: faker.location.zipCode('#####'),
          countryCode: 'US',
          stateCode: `US-${faker.location.state({ abbreviated: true })}`,
        },
      ],
    });
    created++;
  }
  return created;
}

export interface SeedOptions {
  /** Customers per statement: ~5,000 on PostgreSQL, 1,000–2,000 on PGlite (default 2,000). */
  batchSize?: number;
  /** Batches written at the same time, each on its own connection (default 1; keep 1 on PGlite). */
  concurrency?: number;
  /** Called after each written batch with the running total. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Batch settings per engine (docs/benchmarks.md): on PostgreSQL two batches in flight keep
 * both cores busy while the next one is generated. PGlite has one session, so one batch at a
 * time; 1,000 to 5,000 rows per batch load within 10% of each other there.
 */
export function seedTuning(kind: DatabaseKind): Required<Pick<SeedOptions, 'batchSize' | 'concurrency'>> {
  return kind === 'postgres' ? { batchSize: 5000, concurrency: 2 } : { batchSize: 2000, concurrency: 1 };
}

interface CountryProfile {
  code: string;
  weight: number;
  faker: Faker;
  locale: string;
  states: string[];
  /** An E.164 number valid for the country (mobile ranges libphonenumber accepts). */
  phone: (f: Faker) => string;
  organizationId: (f: Faker) => string;
  taxId: (f: Faker) => string;
}

/** `length` random digits (leading zeros kept); number.int is far cheaper than string.numeric. */
const digits = (f: Faker, length: number) => String(f.number.int(10 ** length - 1)).padStart(length, '0');
const pick = <T>(f: Faker, items: readonly T[]) => items[f.number.int(items.length - 1)]!;
/** North American exchange codes: 200–999 except the N11 service codes. */
const exchange = (f: Faker) => {
  const code = String(f.number.int({ min: 200, max: 999 }));
  return code.endsWith('11') ? `${code.slice(0, 2)}0` : code;
};
const states = (country: string, keep: (code: string) => boolean = () => true) =>
  listStates(country)
    .map((s) => s.code)
    .filter(keep);
const US_TERRITORIES = new Set(['US-AS', 'US-GU', 'US-MP', 'US-PR', 'US-UM', 'US-VI']);

const countries: CountryProfile[] = [
  {
    code: 'US',
    weight: 40,
    faker: fakerEN_US,
    locale: 'en-US',
    states: states('US', (code) => !US_TERRITORIES.has(code)),
    phone: (f) =>
      `+1${pick(f, [201, 212, 213, 305, 312, 404, 415, 512, 617, 702, 713, 718, 206, 303])}${exchange(f)}${digits(f, 4)}`,
    organizationId: (f) => `${digits(f, 2)}-${digits(f, 7)}`,
    taxId: (f) => `${digits(f, 2)}-${digits(f, 7)}`,
  },
  {
    code: 'GB',
    weight: 15,
    faker: fakerEN_GB,
    locale: 'en-GB',
    states: states('GB'),
    phone: (f) => `+447${f.number.int({ min: 1, max: 3 })}${digits(f, 8)}`,
    organizationId: (f) => digits(f, 8),
    taxId: (f) => `GB${digits(f, 9)}`,
  },
  {
    code: 'DE',
    weight: 12,
    faker: fakerDE,
    locale: 'de-DE',
    states: states('DE'),
    phone: (f) => `+4915${pick(f, [1, 2, 5, 7, 9])}${digits(f, 8)}`,
    organizationId: (f) => `HRB ${f.number.int({ min: 1000, max: 99999 })}`,
    taxId: (f) => `DE${digits(f, 9)}`,
  },
  {
    code: 'CZ',
    weight: 8,
    faker: fakerCS_CZ,
    locale: 'cs-CZ',
    states: states('CZ'),
    phone: (f) => `+4207${f.number.int({ min: 2, max: 9 })}${digits(f, 7)}`,
    organizationId: (f) => digits(f, 8),
    taxId: (f) => `CZ${digits(f, 8)}`,
  },
  {
    code: 'CA',
    weight: 10,
    faker: fakerEN_CA,
    locale: 'en-CA',
    states: states('CA'),
    phone: (f) => `+1${pick(f, [416, 604, 514, 403, 613, 780, 902])}${exchange(f)}${digits(f, 4)}`,
    organizationId: (f) => digits(f, 9),
    taxId: (f) => `${digits(f, 9)}RT0001`,
  },
  {
    code: 'AU',
    weight: 8,
    faker: fakerEN_AU,
    locale: 'en-AU',
    states: states('AU'),
    phone: (f) => `+614${pick(f, [0, 1, 2, 3, 6])}${digits(f, 7)}`,
    organizationId: (f) => digits(f, 9),
    taxId: (f) => digits(f, 11),
  },
  {
    code: 'FR',
    weight: 7,
    faker: fakerFR,
    locale: 'fr-FR',
    // Metropolitan regions only: the phone numbers are mainland mobiles.
    states: states('FR', (code) => !/^FR-\d/.test(code)),
    phone: (f) => `+336${digits(f, 8)}`,
    organizationId: (f) => digits(f, 9),
    taxId: (f) => `FR${digits(f, 11)}`,
  },
];

/**
 * Personal mail providers. gmail and hotmail together make up ~29% of personal addresses so
 * that the fragment `mail` matches ~25% of all customers: the benchmark's common search.
 */
const personalDomains = [
  { value: 'gmail.com', weight: 21 },
  { value: 'hotmail.com', weight: 8 },
  { value: 'yahoo.com', weight: 14 },
  { value: 'outlook.com', weight: 14 },
  { value: 'icloud.com', weight: 12 },
  { value: 'proton.me', weight: 5 },
  { value: 'aol.com', weight: 4 },
  { value: 'gmx.net', weight: 6 },
  { value: 'seznam.cz', weight: 4 },
  { value: 'orange.fr', weight: 4 },
  { value: 'btinternet.com', weight: 4 },
  { value: 'bigpond.com', weight: 4 },
];

/**
 * Surnames that appear in no locale's faker list, given to ~0.1% (`zque`, late in the
 * last-name order) and ~0.05% (`qvist`, early) of customers: the benchmark's rare searches.
 */
const rareSurnames = { zque: ['Vazquez', 'Velazquez'], qvist: ['Almqvist', 'Lindqvist', 'Nyqvist'] };

const customerTags = ['vip', 'newsletter', 'returning', 'influencer', 'staff', 'loyalty-gold'];
const companyTags = ['b2b', 'wholesale', 'reseller', 'trade'];
const THREE_YEARS_MS = 3 * 365 * 24 * 3600 * 1000;

/** Lower-case ASCII for an email local part: "Dvořák" → "dvorak". */
const mailSafe = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

/** Address and company values drawn per country once, then picked per row (faker's templates cost µs each). */
interface CountryPools {
  streets: string[];
  secondary: string[];
  places: { city: string; postalCode: string }[];
  companies: string[];
}

function countryPools(f: Faker, size: number): CountryPools {
  const many = <T>(make: () => T, n = size) => Array.from({ length: n }, make);
  return {
    streets: many(() => f.location.streetAddress()),
    secondary: many(() => f.location.secondaryAddress(), Math.ceil(size / 10)),
    places: many(() => ({ city: f.location.city(), postalCode: f.location.zipCode() }), Math.ceil(size / 2)),
    companies: many(() => f.company.name()),
  };
}

/**
 * Makes realistic customers deterministically from a seed. Registered customers carry their
 * ordinal in the email, so their emails never repeat within the customer set.
 */
class CustomerGenerator {
  private ordinal: number;
  private made = 0;
  private readonly start = Date.now() - THREE_YEARS_MS;
  private readonly countries: { value: CountryProfile & { pools: CountryPools }; weight: number }[];

  /** `total` customers get creation times spread evenly, in order, over the last three years. */
  constructor(
    seed: number,
    firstOrdinal: number,
    private readonly total: number,
  ) {
    this.ordinal = firstOrdinal;
    faker.seed(seed);
    this.countries = countries.map((country, i) => {
      country.faker.seed(seed + i + 1);
      // A few thousand values per country look varied enough; small seeds build small pools.
      const poolSize = Math.min(2000, Math.max(50, Math.ceil(total / 20)));
      return { value: { ...country, pools: countryPools(country.faker, poolSize) }, weight: country.weight };
    });
  }

  batch(size: number): SeedCustomer[] {
    return Array.from({ length: size }, () => this.next());
  }

  private next(): SeedCustomer {
    const ordinal = this.ordinal++;
    // In arrival order, as a real store's customers came: the created_at and updated_at
    // indexes then grow at their right edge instead of taking inserts all over (measured 1.6x).
    const createdAt = new Date(
      this.start + ((this.made++ + faker.number.float()) / this.total) * THREE_YEARS_MS,
    );
    const country = faker.helpers.weightedArrayElement(this.countries);
    const { pools } = country;
    const sex = faker.datatype.boolean() ? 'female' : 'male';
    const firstName = country.faker.person.firstName(sex);
    const rare = faker.number.float();
    const lastName =
      rare < 0.001
        ? pick(faker, rareSurnames.zque)
        : rare < 0.0015
          ? pick(faker, rareSurnames.qvist)
          : country.faker.person.lastName(sex);
    const isRegistered = faker.datatype.boolean(0.3);
    const companyName = faker.datatype.boolean(0.25) ? pick(faker, pools.companies) : null;
    const hasCompanyIds = companyName !== null && faker.datatype.boolean(0.6);
    const local = `${mailSafe(firstName) || 'customer'}.${mailSafe(lastName) || 'x'}`;
    const domain =
      companyName !== null && faker.datatype.boolean(0.6)
        ? `${mailSafe(companyName).slice(0, 30) || 'company'}.com`
        : faker.helpers.weightedArrayElement(personalDomains);
    const suffix = isRegistered ? String(ordinal) : faker.datatype.boolean(0.3) ? digits(faker, 2) : '';
    const tags: string[] = [];
    if (faker.datatype.boolean(0.2)) tags.push(pick(faker, customerTags));
    if (companyName !== null && faker.datatype.boolean(0.5)) tags.push(pick(faker, companyTags));
    const place = pick(faker, pools.places);
    return {
      id: newId(),
      isRegistered,
      firstName,
      lastName,
      email: `${local}${suffix}@${domain}`,
      phone: country.phone(faker),
      companyName,
      organizationId: hasCompanyIds ? country.organizationId(faker) : null,
      taxId: hasCompanyIds ? country.taxId(faker) : null,
      locale: country.locale,
      tags,
      countryCode: country.code,
      stateCode: country.states.length > 0 ? pick(faker, country.states) : null,
      createdAt,
      addressId: newId(),
      line1: pick(faker, pools.streets),
      line2: faker.datatype.boolean(0.15) ? pick(faker, pools.secondary) : null,
      city: place.city,
      postalCode: place.postalCode,
    };
  }
}

/** A generated customer as the import's bulk write path takes it (checked by construction). */
function asNewCustomer(c: SeedCustomer, target: SeedTarget): NewCustomer {
  return {
    id: c.id,
    createdAt: c.createdAt,
    originSiteId: target.originSiteId,
    row: {
      line: 0,
      customer: {
        isRegistered: c.isRegistered,
        firstName: c.firstName,
        lastName: c.lastName,
        email: c.email,
        phone: c.phone,
        companyName: c.companyName,
        organizationId: c.organizationId,
        taxId: c.taxId,
        locale: c.locale,
        tags: c.tags,
      },
      address: {
        firstName: c.firstName,
        lastName: c.lastName,
        companyName: c.companyName,
        line1: c.line1,
        line2: c.line2,
        city: c.city,
        postalCode: c.postalCode,
        countryCode: c.countryCode,
        stateCode: c.stateCode,
        phone: c.phone,
      },
    },
  };
}

/** The tenant's default customer set and its first site, which seeded customers belong to. */
async function seedTarget(ctx: RequestContext): Promise<SeedTarget> {
  const set = await defaultCustomerSet(ctx);
  const sites = (await listSites(ctx)).filter((s) => s.customerSetId === set.id);
  sites.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const site = sites[0];
  if (!site) throw new Error(`The default customer set of tenant ${ctx.tenantId} has no site.`);
  return { customerSetId: set.id, originSiteId: site.id };
}

/**
 * Adds `count` generated customers, each with one default billing and shipping address (and an
 * account when registered), in big set-based batches through the import's write path
 * (insertNewCustomers), for benchmarks and trying the admin app on realistic volumes.
 * The data is reproducible: the same database state and count give the same customers.
 * Batches run `concurrency` at a time while the next one is generated; each batch is one
 * transaction, so a failure leaves whole batches only. Returns the number added.
 */
export async function seedCustomers(
  ctx: RequestContext,
  count: number,
  options: SeedOptions = {},
): Promise<number> {
  const batchSize = Math.max(1, options.batchSize ?? 2000);
  const concurrency = ctx.db.isTransaction ? 1 : Math.max(1, options.concurrency ?? 1);
  const target = await seedTarget(ctx);
  const existing = await seedRepository.countCustomers(ctx);
  const generator = new CustomerGenerator(20_240_601 + existing, existing + 1, count);

  let written = 0;
  const writes = boundedWrites(concurrency);
  for (let generated = 0; generated < count && !writes.failed; ) {
    const rows = generator.batch(Math.min(batchSize, count - generated));
    generated += rows.length;
    await writes.add(
      insertNewCustomers(
        ctx,
        target.customerSetId,
        rows.map((row) => asNewCustomer(row, target)),
      ).then(() => {
        written += rows.length;
        options.onProgress?.(written, count);
      }),
    );
  }
  await writes.drain();
  await afterBulkWrite(ctx);
  return written;
}
