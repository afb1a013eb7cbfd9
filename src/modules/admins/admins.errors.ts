import { DomainError } from '../../lib/errors.js';

export const adminErrors = {
  /** One answer for unknown email, wrong password and disabled admin: no enumeration. */
  badCredentials: () =>
    new DomainError('unauthenticated', 'auth.invalid_credentials', 'The email or password is not correct.'),
  unauthenticated: () =>
    new DomainError('unauthenticated', 'auth.required', 'Sign in or send a valid API key as a Bearer token.'),
  forbidden: (required: string) =>
    new DomainError('forbidden', 'auth.forbidden', `This action needs the ${required} role or higher.`),
  crossOrigin: () =>
    new DomainError(
      'forbidden',
      'auth.cross_origin',
      'A change signed in by the session cookie must come from the admin app itself, not another site.',
    ),
  emailTaken: () =>
    new DomainError('conflict', 'admin.email_taken', 'An admin user with this email exists.', [
      { path: '/email', message: 'is already used by another admin user', in: 'body' },
    ]),
  notFound: () => new DomainError('not_found', 'admin.not_found', 'No such admin user.'),
  apiKeyNotFound: () => new DomainError('not_found', 'api_key.not_found', 'No such active API key.'),
  cannotDisableSelf: () =>
    new DomainError('rule_broken', 'admin.cannot_disable_self', 'You cannot disable your own admin user.'),
  roleTooHigh: () =>
    new DomainError('forbidden', 'admin.role_too_high', 'You cannot grant a role higher than your own.'),
};
