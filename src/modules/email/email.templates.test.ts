import { describe, expect, it } from 'vitest';
import type { EmailMessage } from './email.templates.js';
import { carriesOneTimeLink, renderEmail } from './email.templates.js';

const site = 'Tea & <Biscuits>';
const link = 'https://shop.example/account/reset?token=abc&site="x"';
const hostile = '<script>alert(1)</script>';

const messages: EmailMessage[] = [
  { template: 'invite', firstName: hostile, link, expiresHours: 72 },
  { template: 'passwordReset', firstName: hostile, link, expiresMinutes: 60 },
  { template: 'passwordChanged', firstName: hostile },
  { template: 'welcome', firstName: hostile, storefrontUrl: link },
  { template: 'verifyEmail', firstName: hostile, link, expiresHours: 24 },
  { template: 'emailChangedByStore', firstName: hostile, newEmail: 'new@example.com' },
  {
    template: 'membershipEnding',
    firstName: hostile,
    groupName: 'VIP',
    endsAt: '2027-01-31T00:00:00.000Z',
    storefrontUrl: null,
  },
];

describe('email templates', () => {
  it.each(messages)('$template: names the site in the subject and signs both parts with it', (message) => {
    const email = renderEmail(message, site);
    expect(email.subject).toContain(site);
    expect(email.text).toContain(`— ${site}`);
    expect(email.html).toContain('— Tea &amp; &lt;Biscuits&gt;');
    expect(email.text).toContain(`Hello ${hostile},`);
  });

  it.each(messages)('$template: escapes every value in the HTML part', (message) => {
    const { html } = renderEmail(message, site);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<Biscuits>');
    expect(html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(html).toContain('<title>');
  });

  it.each(messages.filter((m) => 'link' in m))(
    '$template: puts the link in the text and as a link in the HTML',
    (message) => {
      const { text, html } = renderEmail(message, site);
      expect(text).toContain(link);
      expect(html).toContain(
        '<a href="https://shop.example/account/reset?token=abc&amp;site=&quot;x&quot;">',
      );
      expect(carriesOneTimeLink(message.template)).toBe(true);
    },
  );

  it('says how long each link works', () => {
    expect(renderEmail(messages[0]!, site).text).toContain('for the next 72 hours');
    expect(renderEmail(messages[1]!, site).text).toContain('for the next 60 minutes');
    expect(
      renderEmail({ template: 'verifyEmail', firstName: null, link, expiresHours: 1 }, site).text,
    ).toContain('for the next 1 hour.');
  });

  it('reads naturally for each template', () => {
    const reset = renderEmail(messages[1]!, 'Acme');
    expect(reset.subject).toBe('Reset your password for Acme');
    expect(reset.text).toContain("If you didn't ask for this, ignore this email");

    const changed = renderEmail({ template: 'passwordChanged', firstName: 'Ada' }, 'Acme');
    expect(changed.subject).toBe('Your password for Acme was changed');
    expect(changed.text).toMatch(/^Hello Ada,\n/);
    expect(changed.text).toContain("If it wasn't you, reset your password");
    expect(changed.text).toContain('contact the store');
    expect(carriesOneTimeLink('passwordChanged')).toBe(false);

    const invite = renderEmail({ template: 'invite', firstName: '  ', link, expiresHours: 48 }, 'Acme');
    expect(invite.subject).toBe('Set up your account at Acme');
    expect(invite.text).toMatch(/^Hello,\n/);

    const welcome = renderEmail({ template: 'welcome', firstName: 'Ada', storefrontUrl: null }, 'Acme');
    expect(welcome.subject).toBe('Welcome to Acme');
    expect(welcome.html).not.toContain('<a ');
    expect(carriesOneTimeLink('welcome')).toBe(false);

    expect(renderEmail(messages[4]!, 'Acme').subject).toBe('Confirm your new email address for Acme');
  });

  it('keeps a site name with line breaks on one subject line', () => {
    const email = renderEmail(
      { template: 'welcome', firstName: null, storefrontUrl: null },
      'Acme\r\nBcc: x@evil',
    );
    expect(email.subject).toBe('Welcome to Acme Bcc: x@evil');
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});
