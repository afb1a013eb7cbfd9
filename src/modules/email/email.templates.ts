/** The emails Clientele sends, each with what its template needs. */
export type EmailMessage =
  | { template: 'invite'; firstName: string | null; link: string; expiresHours: number }
  | { template: 'passwordReset'; firstName: string | null; link: string; expiresMinutes: number }
  | { template: 'passwordChanged'; firstName: string | null }
  | { template: 'welcome'; firstName: string | null; storefrontUrl: string | null }
  | { template: 'verifyEmail'; firstName: string | null; link: string; expiresHours: number }
  /** To the old address, when the store (not the shopper) changed a registered customer's email. */
  | { template: 'emailChangedByStore'; firstName: string | null; newEmail: string }
  | {
      template: 'cartReminder';
      firstName: string | null;
      /** The cart's lines (the email lists the first few); amounts in minor units of `currency`. */
      items: { name: string; quantity: number; unitPrice: number }[];
      total: number;
      currency: string;
      /** `<storefrontUrl>/cart`, or null when the site has no storefront URL. */
      cartUrl: string | null;
    }
  | {
      /** Double opt-in: the link that turns a PENDING newsletter sign-up into a subscription. */
      template: 'newsletterConfirm';
      newsletterName: string;
      link: string;
      expiresHours: number;
      /** The one-click unsubscribe page (also in the List-Unsubscribe header). */
      unsubscribeUrl: string;
    }
  | {
      template: 'membershipEnding';
      firstName: string | null;
      groupName: string;
      /** When the membership ends, ISO 8601 UTC. */
      endsAt: string;
      storefrontUrl: string | null;
    }
  | {
      /** To the tenant's owners: the service stopped sending to a webhook endpoint. */
      template: 'webhookDisabled';
      url: string;
      /** `gone`: it answered 410 Gone; `failing`: every attempt failed for three days. */
      reason: 'gone' | 'failing';
      /** When it began failing, ISO 8601 UTC (null for `gone`). */
      failingSince: string | null;
    }
  /** The shopper asked to erase their personal data: the link that confirms it (docs/privacy.md). */
  | { template: 'erasureConfirm'; firstName: string | null; link: string; expiresHours: number };

/** An email ready to send: what the outbox stores and the worker hands to SMTP. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export type EmailTemplate = EmailMessage['template'];

export const emailTemplates = [
  'invite',
  'passwordReset',
  'passwordChanged',
  'welcome',
  'verifyEmail',
  'emailChangedByStore',
  'cartReminder',
  'membershipEnding',
  'newsletterConfirm',
  'webhookDisabled',
  'erasureConfirm',
] as const satisfies readonly EmailTemplate[];

/**
 * Templates whose body carries a one-time link (invite, reset, email confirmation). Once such
 * an email is sent the outbox forgets its body, so a leaked outbox yields no working link.
 */
const oneTimeLinkTemplates: ReadonlySet<string> = new Set<EmailTemplate>([
  'invite',
  'passwordReset',
  'verifyEmail',
  'newsletterConfirm',
  'erasureConfirm',
]);
export const carriesOneTimeLink = (template: string) => oneTimeLinkTemplates.has(template);

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * One paragraph of an email: plain strings are text, `{ link }` is a URL shown as itself in
 * the plain-text part and as a link in the HTML part.
 */
type Piece = string | { link: string; label?: string };
type Paragraph = Piece[];

interface EmailContent {
  subject: string;
  paragraphs: Paragraph[];
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** An amount in minor units shown in its currency, e.g. 1999 EUR → `€19.99`, 500 JPY → `¥500`. */
export function formatMoney(minor: number, currency: string): string {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/** A reminder lists this many lines of the cart, then says how many more there are. */
const REMINDER_LINES_SHOWN = 10;

function cartLines(items: { name: string; quantity: number; unitPrice: number }[], currency: string) {
  const shown = items
    .slice(0, REMINDER_LINES_SHOWN)
    .map((item) => [
      `${item.quantity} × ${item.name} — ${formatMoney(item.quantity * item.unitPrice, currency)}`,
    ]);
  const more = items.length - REMINDER_LINES_SHOWN;
  return more > 0 ? [...shown, [`and ${plural(more, 'more item')}`]] : shown;
}
const greeting = (firstName: string | null) => {
  const name = firstName?.trim();
  return name ? `Hello ${name},` : 'Hello,';
};

function content(message: EmailMessage, site: string): EmailContent {
  switch (message.template) {
    case 'invite':
      return {
        subject: `Set up your account at ${site}`,
        paragraphs: [
          [greeting(message.firstName)],
          [`An account has been opened for you at ${site}. Choose a password to start using it:`],
          [{ link: message.link, label: 'Choose my password' }],
          [`This link works once, for the next ${plural(message.expiresHours, 'hour')}.`],
        ],
      };
    case 'passwordReset':
      return {
        subject: `Reset your password for ${site}`,
        paragraphs: [
          [greeting(message.firstName)],
          [`Someone asked to reset the password of your account at ${site}. Choose a new one here:`],
          [{ link: message.link, label: 'Choose a new password' }],
          [`This link works once, for the next ${plural(message.expiresMinutes, 'minute')}.`],
          ["If you didn't ask for this, ignore this email: your password stays as it is."],
        ],
      };
    case 'passwordChanged':
      return {
        subject: `Your password for ${site} was changed`,
        paragraphs: [
          [greeting(message.firstName)],
          [`The password of your account at ${site} has just been changed. If that was you, all is well.`],
          [
            "If it wasn't you, reset your password now with “Forgot your password?” on the sign-in page, or contact the store.",
          ],
        ],
      };
    case 'welcome':
      return {
        subject: `Welcome to ${site}`,
        paragraphs: [
          [greeting(message.firstName)],
          [
            `Thank you for creating an account at ${site}. You can now sign in to follow your orders and check out faster.`,
          ],
          ...(message.storefrontUrl ? [['See you soon at ', { link: message.storefrontUrl }]] : []),
        ],
      };
    case 'verifyEmail':
      return {
        subject: `Confirm your new email address for ${site}`,
        paragraphs: [
          [greeting(message.firstName)],
          [`Please confirm that this is the new email address of your account at ${site}:`],
          [{ link: message.link, label: 'Confirm my email address' }],
          [`This link works once, for the next ${plural(message.expiresHours, 'hour')}.`],
          ["If you didn't change your email address, ignore this email: your account keeps its current one."],
        ],
      };
    case 'emailChangedByStore':
      return {
        subject: `The email address of your account at ${site} was changed`,
        paragraphs: [
          [greeting(message.firstName)],
          [
            `The store changed the email address of your account at ${site} to ${message.newEmail}. Emails about your account, password resets included, now go there.`,
          ],
          [`If you did not ask for this, contact ${site} at once.`],
        ],
      };
    case 'cartReminder':
      return {
        subject: `You left something in your cart at ${site}`,
        paragraphs: [
          [greeting(message.firstName)],
          ['You left these in your cart:'],
          ...cartLines(message.items, message.currency),
          [`Total: ${formatMoney(message.total, message.currency)}`],
          ...(message.cartUrl ? [[{ link: message.cartUrl, label: 'Back to my cart' }]] : []),
          ['This is the only reminder we send about this cart.'],
        ],
      };
    case 'newsletterConfirm':
      return {
        subject: `Confirm your subscription to ${message.newsletterName}`,
        paragraphs: [
          ['Hello,'],
          [
            `Someone, hopefully you, asked to receive ${message.newsletterName} from ${site} at this address. Confirm it here:`,
          ],
          [{ link: message.link, label: 'Yes, subscribe me' }],
          [
            `This link works once, for the next ${plural(message.expiresHours, 'hour')}. If you did not ask for this, ignore this email: you will get nothing more.`,
          ],
          ['Not you? ', { link: message.unsubscribeUrl, label: 'Unsubscribe' }],
        ],
      };
    case 'membershipEnding':
      return {
        subject: `Your ${message.groupName} membership at ${site} ends soon`,
        paragraphs: [
          [greeting(message.firstName)],
          [
            `Your ${message.groupName} membership at ${site} ends on ${message.endsAt.slice(0, 10)} (UTC). Contact the store if you would like to keep it.`,
          ],
          ...(message.storefrontUrl ? [[{ link: message.storefrontUrl }]] : []),
        ],
      };
    case 'webhookDisabled':
      return {
        subject: `A webhook of ${site} was disabled`,
        paragraphs: [
          ['Hello,'],
          [
            message.reason === 'gone'
              ? `The webhook endpoint ${message.url} answered 410 Gone, so Clientele has disabled it and sends it nothing more.`
              : `Every delivery to the webhook endpoint ${message.url} has failed since ${(message.failingSince ?? '').slice(0, 16).replace('T', ' ')} UTC, so Clientele has disabled it and sends it nothing more.`,
          ],
          [
            'Its undelivered messages are kept in its delivery log. Once the endpoint works, enable it again on the Webhooks page of the admin app and retry the messages it missed.',
          ],
        ],
      };
    case 'erasureConfirm':
      return {
        subject: `Confirm the erasure of your data at ${site}`,
        paragraphs: [
          [greeting(message.firstName)],
          [
            `You asked ${site} to erase your personal data. This closes your account and cannot be undone; the store keeps only what the law requires of your orders (numbers, amounts, dates), without your name or addresses. Confirm it here:`,
          ],
          [{ link: message.link, label: 'Erase my data' }],
          [
            `This link works once, for the next ${plural(message.expiresHours, 'hour')}. If you did not ask for this, ignore this email: nothing changes.`,
          ],
        ],
      };
  }
}

const pieceText = (piece: Piece) => (typeof piece === 'string' ? piece : piece.link);
const pieceHtml = (piece: Piece) =>
  typeof piece === 'string'
    ? escapeHtml(piece)
    : `<a href="${escapeHtml(piece.link)}">${escapeHtml(piece.label ?? piece.link)}</a>`;

/** A labelled link is followed by its address, for mail readers that do not follow links. */
const paragraphHtml = (paragraph: Paragraph) => {
  const html = `<p>${paragraph.map(pieceHtml).join('')}</p>`;
  const labelled = paragraph.find((piece) => typeof piece !== 'string' && piece.label);
  if (!labelled || typeof labelled === 'string') return html;
  const address = escapeHtml(labelled.link);
  return `${html}\n<p style="font-size:13px;color:#555">Or open this address: <a href="${address}">${address}</a></p>`;
};

/**
 * Renders a message for one site: a subject, a plain-text part and an HTML part with every
 * interpolated value escaped. Both parts are signed with the site name.
 */
export function renderEmail(message: EmailMessage, siteName: string): RenderedEmail {
  // A name with line breaks must not turn into extra header lines.
  const site = siteName.replace(/\s+/g, ' ').trim();
  const { subject, paragraphs } = content(message, site);
  const signed = [...paragraphs, [`— ${site}`]];
  const text = `${signed.map((p) => p.map(pieceText).join('')).join('\n\n')}\n`;
  const body = signed.map(paragraphHtml).join('\n');
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#222">
${body}
</body>
</html>
`;
  return { subject, text, html };
}
