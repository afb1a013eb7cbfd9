import { DomainError } from '../../lib/errors.js';

export const marketingErrors = {
  newsletterNotFound: () =>
    new DomainError('not_found', 'newsletter.not_found', 'No such newsletter in this tenant.'),
  codeTaken: () =>
    new DomainError('conflict', 'newsletter.code_taken', 'Another newsletter of this site has this code.', [
      {
        path: '/code',
        message: 'is the code of another newsletter of this site (whatever its case)',
        in: 'body',
      },
    ]),
  defaultTaken: () =>
    new DomainError(
      'conflict',
      'newsletter.default_taken',
      'Another newsletter of this site became its default meanwhile.',
      [
        {
          path: '/isDefault',
          message: 'another newsletter of this site became its default meanwhile; try again',
          in: 'body',
        },
      ],
    ),
  unknownSite: () =>
    new DomainError('invalid', 'newsletter.unknown_site', 'No such site in this tenant.', [
      { path: '/siteId', message: 'is not a site of this tenant', in: 'body' },
    ]),
  contactNotFound: () => new DomainError('not_found', 'contact.not_found', 'No such contact in this tenant.'),
  customerHasNoContact: () =>
    new DomainError(
      'not_found',
      'contact.not_found',
      'The customer has no email address, so no marketing contact.',
    ),
  consentTextRequired: (path = '/consentText') =>
    new DomainError(
      'invalid',
      'subscription.consent_text_required',
      'Subscribing needs the consent wording.',
      [{ path, message: 'is required (and not blank) to subscribe', in: 'body' }],
    ),
  noDefaultNewsletter: (path = '/acceptsMarketing') =>
    new DomainError(
      'invalid',
      'subscription.no_default_newsletter',
      'This site has no default newsletter to accept marketing for.',
      [{ path, message: 'this site has no default newsletter', in: 'body' }],
    ),
  linkInvalid: () =>
    new DomainError(
      'invalid',
      'newsletter.link_invalid',
      'This link is not valid: it is unknown, used already or expired.',
      [{ path: '/token', message: 'is unknown, used already or expired', in: 'body' }],
    ),
  unsubscribeLinkUnknown: () =>
    new DomainError('not_found', 'unsubscribe.link_unknown', 'This unsubscribe link is not known.'),
};
