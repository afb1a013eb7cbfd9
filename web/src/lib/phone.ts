import type { parsePhoneNumberFromString } from 'libphonenumber-js/min';

export type PhoneParser = typeof parsePhoneNumberFromString;

/** libphonenumber with its smallest metadata, loaded on first use so that lists never pay for it. */
export const loadPhoneParser = (): Promise<PhoneParser> =>
  import('libphonenumber-js/min').then((module) => module.parsePhoneNumberFromString);

/**
 * A stored phone (E.164, "+14155550100") for reading: in its national form when it belongs to
 * `countryCode` (the address's or customer's country, where a reader dials it as "(415) 555-0100"),
 * else in international form ("+49 30 123456"). What does not parse, or arrives before the parser,
 * is shown as stored.
 */
export function formatPhone(raw: string, countryCode: string | null, parse: PhoneParser | undefined): string {
  const phone = parse?.(raw);
  if (!phone?.isValid()) return raw;
  return phone.country && phone.country === countryCode
    ? phone.formatNational()
    : phone.formatInternational();
}
