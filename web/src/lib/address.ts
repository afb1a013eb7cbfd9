import type { format } from '@fragaria/address-formatter';
import type { Address } from '@server/modules/addresses/addresses.schemas.js';

export type AddressFormat = typeof format;

/** The postal fields shared by a customer's address and an order's copy of one (the API's own shape). */
export type PostalAddress = Pick<
  Address,
  | 'firstName'
  | 'lastName'
  | 'companyName'
  | 'line1'
  | 'line2'
  | 'city'
  | 'postalCode'
  | 'countryCode'
  | 'stateCode'
>;

/** The per-country templates (OpenCage's, ~300 kB), loaded on first use so that lists never pay for them. */
export const loadAddressFormat = (): Promise<AddressFormat> =>
  import('@fragaria/address-formatter').then((module) => {
    // The package's ES build has only a default export, though its types declare named ones.
    const formatter = (module as unknown as { default?: typeof module }).default ?? module;
    return formatter.format;
  });

/**
 * An address as lines in its country's order — "San Francisco, CA 94103" in the US, "10115 Berlin"
 * in Germany, the postcode on a line of its own in the UK — with the country's name. `country` and
 * `state` are the names to show; without `format` (still loading) the lines keep a plain order.
 */
export function addressLines(
  address: PostalAddress,
  names: { country: string; state: string | null },
  format?: AddressFormat,
): string[] {
  const name = [address.firstName, address.lastName].filter(Boolean).join(' ');
  const street = [address.line1, address.line2].filter(Boolean).join('\n');
  if (!format) {
    const cityLine = [address.postalCode, address.city].filter(Boolean).join(' ');
    return [
      name,
      address.companyName,
      street,
      [cityLine, names.state].filter(Boolean).join(', '),
      names.country,
    ].filter((line): line is string => Boolean(line));
  }
  // The templates print a state's short code where the post uses one (US "CA", AU "NSW", CA "ON");
  // a numeric code (JP-13) is no one's abbreviation, so the name is used instead.
  const stateCode = address.stateCode?.split('-')[1];
  const input: Parameters<AddressFormat>[0] = { city: address.city, countryCode: address.countryCode };
  if (name) input.attention = name;
  if (address.companyName) input.house = address.companyName;
  if (street) input.road = street;
  if (address.postalCode) input.postcode = address.postalCode;
  if (names.state) input.state = names.state;
  if (stateCode && /^[A-Z]+$/.test(stateCode)) input.stateCode = stateCode;
  // The templates need a country (some print the state only without one) but rename it their way
  // ("United States of America"): a placeholder keeps its place for the name the app uses everywhere.
  input.country = COUNTRY_PLACEHOLDER;
  const lines = format(input, { output: 'array' });
  const withCountry = lines.map((line) => (line === COUNTRY_PLACEHOLDER ? names.country : line));
  return lines.includes(COUNTRY_PLACEHOLDER) ? withCountry : [...withCountry, names.country];
}

const COUNTRY_PLACEHOLDER = 'COUNTRYPLACEHOLDER';
