/**
 * Money in the admin app: the API sends integer minor units (cents) with an ISO 4217 code; the
 * app shows them in major units and reads amounts typed in major units back into minor units.
 */

/** The largest amount the API accepts, in minor units (src/lib/money.ts `MAX_MINOR`). */
export const MAX_MINOR = 1_000_000_000_000;

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, signed: boolean): Intl.NumberFormat {
  const key = `${currency}:${signed}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      signDisplay: signed ? 'exceptZero' : 'auto',
    });
    formatters.set(key, cached);
  }
  return cached;
}

/** How many decimals the currency has: 2 for USD, 0 for JPY, 3 for KWD. */
export function currencyDigits(currency: string): number {
  return formatter(currency, false).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "$1,234.50" from 123450 USD; `signed` shows "+$25.00" / "−$5.00" for ledger amounts. */
export function formatMoney(minor: number, currency: string, options: { signed?: boolean } = {}): string {
  return formatter(currency, options.signed ?? false).format(minor / 10 ** currencyDigits(currency));
}

/**
 * An amount typed in major units ("25", "25.5", 25.5) as minor units of the currency, or a
 * message saying what is wrong with it. Decimals beyond the currency's are refused rather than
 * rounded, so the amount moved is the amount typed.
 */
export function toMinorUnits(
  value: string | number,
  currency: string,
): { minor: number; error?: undefined } | { minor?: undefined; error: string } {
  const text = String(value).trim();
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) return { error: 'Enter an amount, e.g. 25.00' };
  const digits = currencyDigits(currency);
  const decimals = (match[2] ?? '').replace(/0+$/, '');
  if (decimals.length > digits) {
    return {
      error: digits === 0 ? `${currency} has no decimals` : `${currency} has at most ${digits} decimals`,
    };
  }
  const minor = Number(match[1]) * 10 ** digits + Number(decimals.padEnd(digits, '0') || '0');
  if (minor <= 0) return { error: 'Enter an amount above zero' };
  if (minor > MAX_MINOR) return { error: 'The amount is too large' };
  return { minor };
}

let currencies: ReadonlySet<string> | null = null;

/** True for a code Intl knows as a currency (ISO 4217), as the server checks it. */
export function isCurrencyCode(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}
