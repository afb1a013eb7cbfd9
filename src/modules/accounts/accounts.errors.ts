import { DomainError } from '../../lib/errors.js';

export const accountErrors = {
  /** One answer for unknown username, wrong password, locked and disabled: no enumeration. */
  signInFailed: () =>
    new DomainError('unauthenticated', 'auth.sign_in_failed', 'The username or password is not right.'),
  notSignedIn: () =>
    new DomainError(
      'unauthenticated',
      'auth.not_signed_in',
      'Sign in first: send the session token as Bearer.',
    ),
  unknownSite: () =>
    new DomainError(
      'unauthenticated',
      'site.unknown_key',
      'Name the site with a valid publishable key in the X-Site-Key header.',
    ),
  usernameTaken: () =>
    new DomainError(
      'conflict',
      'account.username_taken',
      'Another account in this customer set has this username.',
      [{ path: '/username', message: 'is already taken', in: 'body' }],
    ),
  invalidToken: () =>
    new DomainError(
      'invalid',
      'account.invalid_token',
      'The link is not valid: it was used, replaced or has expired.',
      [{ path: '/token', message: 'is not valid or has expired', in: 'body' }],
    ),
  wrongPassword: () =>
    new DomainError('invalid', 'account.wrong_password', 'The current password is not right.', [
      { path: '/currentPassword', message: 'is not your current password', in: 'body' },
    ]),
  notRegistered: () =>
    new DomainError(
      'rule_broken',
      'account.not_registered',
      'This customer is a guest and has no account; send an invite to register them.',
    ),
  alreadyActive: () =>
    new DomainError(
      'conflict',
      'account.already_active',
      'This customer already has a password; send a password reset instead of an invite.',
    ),
  tooManyResets: () =>
    new DomainError(
      'rate_limited',
      'account.too_many_resets',
      'Too many password-reset emails for this account in the last hour; try again later.',
    ),
  noEmail: () =>
    new DomainError(
      'rule_broken',
      'account.no_email',
      'The customer has no email address to send the link to.',
    ),
};
