/**
 * Money is integer minor units (cents) with an ISO 4217 currency code; never floats. The
 * currency list is the runtime's (Intl, ICU data): about 300 codes, active and historic.
 */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export const isCurrency = (code: string): boolean => CURRENCIES.has(code);

/** Largest amount accepted anywhere: far above any real order, far below 2^53. */
export const MAX_MINOR = 1_000_000_000_000;
