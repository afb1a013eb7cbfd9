/*
 * The columns of a customer file and how a header reads (issue 15), with no imports: the import
 * flow (src/flows/customer-columns.ts) and the admin app's import preview read headers with the
 * same code, so the preview cannot drift from what the server does.
 */
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
export const SHOPIFY_COLUMNS: Record<string, string> = {
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
  'Accepts Email Marketing': 'acceptsMarketing',
  Phone: 'phone',
  Tags: 'tags',
  Note: 'note',
};

/**
 * Whether the person accepts email marketing (yes/no): a consent record with source `import` on
 * the import's newsletter (Shopify's "Accepts Email Marketing" reads as this column).
 */
export const MARKETING_COLUMN = 'acceptsMarketing';

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
  const known = new Set<string>([
    ...CLIENTELE_COLUMNS,
    ...READ_ONLY_COLUMNS,
    MARKETING_COLUMN,
    'countryCode',
    'stateCode',
  ]);
  const fields = names.map((name) => {
    if (shopify) return SHOPIFY_COLUMNS[name] ?? (name === 'Tax Exempt' ? 'taxExempt' : null);
    return (CLIENTELE_COLUMNS as readonly string[]).includes(name) || name === MARKETING_COLUMN ? name : null;
  });
  const shopifyExtras = new Set<string>(SHOPIFY_HEADER);
  const unknown = names.filter((name) => (shopify ? !shopifyExtras.has(name) : !known.has(name)));
  const format: FileFormat = shopify ? 'shopify' : 'clientele';
  return { format, names, fields, unknown };
}
