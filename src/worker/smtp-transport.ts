import nodemailer from 'nodemailer';

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface EmailTransport {
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/**
 * Nodemailer waits up to 2 minutes to connect and an hour on a silent socket by default;
 * shorter limits keep a batch well inside the worker's lease. Settings in the URL's query
 * (`?connectionTimeout=…`, `?pool=true`, `?tls.rejectUnauthorized=false`) take precedence.
 */
const defaultTimeouts = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };

export function withDefaultTimeouts(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  for (const [name, ms] of Object.entries(defaultTimeouts)) {
    if (!url.searchParams.has(name)) url.searchParams.set(name, String(ms));
  }
  return url.toString();
}

/** SMTP through nodemailer, configured by one smtp:// or smtps:// URL. */
export function smtpTransport(smtpUrl: string): EmailTransport {
  const transporter = nodemailer.createTransport(withDefaultTimeouts(smtpUrl));
  return {
    async send(email) {
      await transporter.sendMail(email);
    },
    close: () => transporter.close(),
  };
}
