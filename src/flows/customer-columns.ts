import type { AddressInput } from '../modules/addresses/addresses.schemas.js';
import type { ImportRow } from '../modules/customers/customer-import.service.js';

/**
 * The columns of Clientele's own CSV (docs/import-export.md): the customer's writable fields as
 * the API names them, the default address as `address.<field>`, and read-only columns an
 * export adds and an import skips. Shopify's customer CSV is read through SHOPIFY_COLUMNS.
 */
export const CUSTOMER_COLUMNS = [
  'email',
  'firstName',
  'lastName',
  'phone',
  'companyName',
  'organizationId',
  'taxId',
  'locale',
  'note',
  'tags',
  'externalId',
  'isRegistered',
  'enabled',
] as const;

export const ADDRESS_COLUMNS = [
  'address.firstName',
  'address.lastName',
  'address.companyName',
  'address.line1',
  'address.line2',
  'address.city',
  'address.postalCode',
  'address.countryCode',
  'address.stateCode',
  'address.phone',
] as const;

/** What an export adds beside the writable columns; an import reads past them. */
export const READ_ONLY_COLUMNS = [
  'id',
  'createdAt',
  'updatedAt',
  'ordersCount',
  'totalSpent',
  'lastOrderAt',
] as const;

export const CLIENTELE_COLUMNS = [...CUSTOMER_COLUMNS, ...ADDRESS_COLUMNS] as const;
export const EXPORT_COLUMNS = [
  'id',
  ...CLIENTELE_COLUMNS,
  'createdAt',
  'ordersCount',
  'totalSpent',
  'lastOrderAt',
] as const;

/** Shopify's customer CSV header as its export writes it (issue 15), in order. */
export const SHOPIFY_HEADER = [
  'First Name',
  'Last Name',
  'Email',
  'Accepts Email Marketing',
  'Default Address Company',
  'Default Address Address1',
  'Default Address Address2',
  'Default Address City',
  'Default Address Province Code',
  'Default Address Country Code',
  'Default Address Zip',
  'Default Address Phone',
  'Phone',
  'Accepts SMS Marketing',
  'Tags',
  'Note',
  'Tax Exempt',
] as const;

/** Shopify's columns as Clientele's; the rest of Shopify's header is read separately (below). */
const SHOPIFY_COLUMNS: Record<string, string> = {
  'First Name': 'firstName',
  'Last Name': 'lastName',
  Email: 'email',
  'Default Address Company': 'address.companyName',
  'Default Address Address1': 'address.line1',
  'Default Address Address2': 'address.line2',
  'Default Address City': 'address.city',
  'Default Address Province Code': 'address.stateCode',
  'Default Address Country Code': 'address.countryCode',
  'Default Address Zip': 'address.postalCode',
  'Default Address Phone': 'address.phone',
  Phone: 'phone',
  Tags: 'tags',
  Note: 'note',
};

/** Shopify's "Tax Exempt: yes" becomes this tag, and the tag becomes "yes" again on export. */
export const TAX_EXEMPT_TAG = 'tax-exempt';

export type FileFormat = 'clientele' | 'shopify';

/**
 * How a file's header reads: the format (Shopify when its header has Shopify's `Email` and
 * `First Name`), each column's Clientele field (null: read past), and the unknown ones.
 */
export function readHeader(header: readonly string[]) {
  const names = header.map((h) => h.trim());
  const shopify = names.includes('Email') && names.includes('First Name');
  const known = new Set<string>([...CLIENTELE_COLUMNS, ...READ_ONLY_COLUMNS, 'countryCode', 'stateCode']);
  const fields = names.map((name) => {
    if (shopify) return SHOPIFY_COLUMNS[name] ?? (name === 'Tax Exempt' ? 'taxExempt' : null);
    return (CLIENTELE_COLUMNS as readonly string[]).includes(name) ? name : null;
  });
  const shopifyExtras = new Set<string>(SHOPIFY_HEADER);
  const unknown = names.filter((name) => (shopify ? !shopifyExtras.has(name) : !known.has(name)));
  const format: FileFormat = shopify ? 'shopify' : 'clientele';
  return { format, names, fields, unknown };
}

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

/** A yes/no cell as a boolean; anything else stays text, for the schema to refuse by name. */
const flag = (value: string): boolean | string => {
  const v = value.trim().toLowerCase();
  return TRUE.has(v) ? true : FALSE.has(v) ? false : value;
};

/** A row's cells (already unescaped) as the customer and address the import checks. */
export function rowFromCells(
  line: number,
  fields: readonly (string | null)[],
  cells: readonly string[],
  format: FileFormat,
): ImportRow {
  const customer: Record<string, unknown> = {};
  const address: Record<string, unknown> = {};
  fields.forEach((field, i) => {
    const raw = cells[i] ?? '';
    if (!field) return;
    if (field === 'taxExempt') {
      if (flag(raw) === true) customer.tags = [...((customer.tags as string[]) ?? []), TAX_EXEMPT_TAG];
      return;
    }
    if (field.startsWith('address.')) {
      if (raw.trim() !== '') address[field.slice('address.'.length)] = raw;
      return;
    }
    if (field === 'tags') {
      const tags = raw
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== '');
      customer.tags = [...tags, ...((customer.tags as string[]) ?? [])];
      return;
    }
    if (field === 'isRegistered' || field === 'enabled') {
      if (raw.trim() !== '') customer[field] = flag(raw);
      return;
    }
    customer[field] = raw.trim() === '' ? null : raw;
  });
  if (Object.keys(address).length > 0) {
    // Shopify's province code is the part after the country's (ON for CA-ON); Clientele's is whole.
    const country =
      typeof address.countryCode === 'string' ? address.countryCode.trim().toUpperCase() : undefined;
    if (country) address.countryCode = country;
    if (typeof address.stateCode === 'string' && country && !address.stateCode.includes('-'))
      address.stateCode = `${country}-${address.stateCode.trim().toUpperCase()}`;
    if (format === 'shopify') {
      address.firstName ??= customer.firstName ?? undefined;
      address.lastName ??= customer.lastName ?? undefined;
      for (const key of Object.keys(address)) if (address[key] === null) delete address[key];
    }
  }
  return {
    line,
    customer: customer as ImportRow['customer'],
    address: Object.keys(address).length > 0 ? (address as unknown as AddressInput) : null,
  };
}

/** An NDJSON line's object as the import's row: the customer's fields and its `address`. */
export function rowFromJson(line: number, value: unknown): ImportRow {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { line, customer: { __notAnObject: true } as never, address: null };
  const { address, addresses: _all, ...rest } = value as Record<string, unknown>;
  const customer: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(rest))
    if ((CUSTOMER_COLUMNS as readonly string[]).includes(key)) customer[key] = field;
  return {
    line,
    customer: customer as ImportRow['customer'],
    address: address && typeof address === 'object' ? (address as AddressInput) : null,
  };
}
