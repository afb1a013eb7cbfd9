import { dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MAX, PASSWORD_MIN } from './password-rules.js';

/**
 * The common-password list: zxcvbn's 49,000 most used passwords (from leaked sets), of which
 * only those long enough to pass the length rule matter. Loaded once, on first use.
 */
let common: Set<string> | null = null;
const commonPasswords = () => {
  common ??= new Set(dictionary.passwords.filter((p) => p.length >= PASSWORD_MIN));
  return common;
};

/**
 * Why a new password is refused, or null when it is acceptable. Length only (8–128 characters,
 * counted as Unicode code points) and the common list: no composition rules, as NIST SP 800-63B advises.
 */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN || length > PASSWORD_MAX)
    return `must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters long`;
  if (commonPasswords().has(password.toLowerCase()))
    return 'is one of the most common passwords; choose another';
  return null;
}
