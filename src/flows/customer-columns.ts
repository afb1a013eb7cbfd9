import {
  CUSTOMER_COLUMNS,
  type FileFormat,
  MARKETING_COLUMN,
  TAX_EXEMPT_TAG,
} from '../lib/customer-file-columns.js';
import type { AddressInput } from '../modules/addresses/addresses.schemas.js';
import type { ImportRow } from '../modules/customers/customer-import.service.js';

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
  let acceptsMarketing: boolean | string | undefined;
  fields.forEach((field, i) => {
    const raw = cells[i] ?? '';
    if (!field) return;
    if (field === MARKETING_COLUMN) {
      if (raw.trim() !== '') acceptsMarketing = flag(raw);
      return;
    }
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
    ...(acceptsMarketing === undefined ? {} : { acceptsMarketing }),
  };
}

/** An NDJSON line's object as the import's row: the customer's fields and its `address`. */
export function rowFromJson(line: number, value: unknown): ImportRow {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { line, customer: { __notAnObject: true } as never, address: null };
  const { address, addresses: _all, acceptsMarketing, ...rest } = value as Record<string, unknown>;
  const customer: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(rest))
    if ((CUSTOMER_COLUMNS as readonly string[]).includes(key)) customer[key] = field;
  return {
    line,
    customer: customer as ImportRow['customer'],
    address: address && typeof address === 'object' ? (address as AddressInput) : null,
    ...(acceptsMarketing === undefined || acceptsMarketing === null
      ? {}
      : { acceptsMarketing: acceptsMarketing as boolean }),
  };
}
