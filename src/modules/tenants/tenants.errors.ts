import { DomainError } from '../../lib/errors.js';

export const tenantErrors = {
  slugTaken: (slug: string) =>
    new DomainError('conflict', 'tenant.slug_taken', `A tenant with slug "${slug}" exists.`),
  invalidSlug: (slug: string) =>
    new DomainError(
      'invalid',
      'tenant.invalid_slug',
      `"${slug}" is not a valid tenant slug: use 2-40 lowercase letters, digits and dashes.`,
    ),
  invalidCurrency: (code: string) =>
    new DomainError('invalid', 'tenant.invalid_currency', `"${code}" is not an ISO 4217 currency code.`),
  notFound: (slug: string) => new DomainError('not_found', 'tenant.not_found', `No tenant "${slug}".`),
  siteNotFound: () => new DomainError('not_found', 'site.not_found', 'No such site.'),
  siteCodeTaken: (code: string) =>
    new DomainError('conflict', 'site.code_taken', `A site with code "${code}" exists in this tenant.`, [
      { path: '/code', message: 'is already used by another site', in: 'body' },
    ]),
  customerSetNotFound: (code?: string) =>
    new DomainError(
      'not_found',
      'customer_set.not_found',
      code ? `No customer set "${code}".` : 'No such customer set.',
    ),
  customerSetCodeTaken: (code: string) =>
    new DomainError(
      'conflict',
      'customer_set.code_taken',
      `A customer set with code "${code}" exists in this tenant.`,
      [{ path: '/code', message: 'is already used by another customer set', in: 'body' }],
    ),
};
