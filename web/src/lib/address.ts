import type { format } from '@fragaria/address-formatter';

export type AddressFormat = typeof format;

/** The postal fields shared by a customer's address and an order's copy of one. */
export interface PostalAddress {
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string | null;
  countryCode: string;
  stateCode: string | null;
}

/** The per-country templates (OpenCage's, ~300 kB), loaded on first use so that lists never pay for them. */
export const loadAddressFormat = (): Promise<AddressFormat> =>
  import('@fragaria/address-formatter').then((module) => {
    // The package's ES build has only a default export, though its types declare named ones.
    const formatter = (module as unknown as { default?: typeof module }).default ?? module;
    return formatter.format;
  });

/**
 * An address as lines in its country's order — "San Francisco, CA 94103" in the US, "10115 Berlin"
 * in Germany, the postcode on a line of its own in the UK — then the country's name. `country` and
 * `state` are the names to show; without `format` (still loading) the lines keep a plain order.
 */
export function addressLines(
  address: PostalAddress,
  names: { country: string; state: string | null },
  format?: AddressFormat,
): string[] {
  const name = [address.firstName, address.lastName].filter(Boolean).join(' ');
  const street = [address.line1, address.line2].filter(Boolean).join('\n');
  // The templates print a state's short code where the post uses one (US "CA", AU "NSW", CA "ON");
  // a numeric code (JP-13) is no one's abbreviation, so the name is used instead.
  const stateCode = address.stateCode?.split('-')[1];
  const lines = format
    ? format(
        {
          attention: name || undefined,
          house: address.companyName ?? undefined,
          road: street || undefined,
          city: address.city,
          postcode: address.postalCode ?? undefined,
          state: names.state ?? undefined,
          stateCode: stateCode && /^[A-Z]+$/.test(stateCode) ? stateCode : undefined,
          countryCode: address.countryCode,
        },
        { output: 'array' },
      )
    : [
        name,
        address.companyName,
        street,
        [[address.postalCode, address.city].filter(Boolean).join(' '), names.state]
          .filter(Boolean)
          .join(', '),
      ];
  // The country is added here, not by the templates, so that it reads as everywhere else in the app.
  return [...lines, names.country].filter((line): line is string => Boolean(line));
}
