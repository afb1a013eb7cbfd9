import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * Parses a phone number as people type it into E.164 (`+14155550123`), taking `region` as
 * the country when the number has no international prefix. Returns null when it is not a
 * possible number for any region.
 */
export function toE164(input: string, region: string | null | undefined): string | null {
  const parsed = parsePhoneNumberFromString(input, (region ?? undefined) as CountryCode | undefined);
  return parsed?.isValid() ? parsed.number : null;
}
