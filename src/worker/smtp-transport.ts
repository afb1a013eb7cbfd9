import nodemailer from 'nodemailer';

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers?: Record<string, string>;
  /** `<id@domain>`: the same for every attempt at one outbox row, so a resend is recognisably one. */
  messageId?: string;
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

/**
 * A permanent refusal of the recipient (a hard bounce): nodemailer's envelope error with a 5xx
 * reply, e.g. `550 5.1.1 no such user`. Temporary 4xx refusals and connection errors are not.
 */
export function hardBounceOf(error: unknown): string | null {
  const e = error as { code?: unknown; responseCode?: unknown; response?: unknown };
  if (e?.code !== 'EENVELOPE' || typeof e.responseCode !== 'number') return null;
  if (e.responseCode < 500 || e.responseCode > 599) return null;
  return typeof e.response === 'string' ? e.response.slice(0, 300) : String(e.responseCode);
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
