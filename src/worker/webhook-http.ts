import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';

// Sending one webhook: signed per Standard Webhooks 1.0 (the `standardwebhooks` package, the
// specification's reference library), POSTed without following redirects, and never to a
// private address unless the server allows it. The check runs on the addresses DNS answers,
// inside the connection's own look-up, so the address checked is the address connected to (a
// name cannot answer a public address to a check and a private one to the connection).

/** Loopback, private, link-local, CGNAT, multicast and reserved ranges: no delivery goes there. */
const privateRanges = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254) among them
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  privateRanges.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  privateRanges.addSubnet(network, prefix, 'ipv6');

/**
 * True for an address no delivery may reach. IPv4 ranges also match their IPv4-mapped IPv6
 * form (`::ffff:127.0.0.1`); anything that is not an IP address is refused too.
 */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return privateRanges.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class PrivateAddressError extends Error {
  constructor(host: string, address: string) {
    super(`refused: ${host} resolves to the private address ${address}`);
    this.name = 'PrivateAddressError';
  }
}

/** A DNS look-up for the connection that refuses names with any private address among theirs. */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused) return callback(new PrivateAddressError(hostname, refused.address), '', 0);
    if (addresses.length === 0) return callback(new Error(`${hostname} has no address`), '', 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

export interface WebhookSender {
  /** POSTs `body` to `url`, signed; answers the status (null without an answer), time and error. */
  send(message: { url: string; id: string; secret: string; body: string }): Promise<SendOutcome>;
  close(): void;
}

export interface SendOutcome {
  status: number | null;
  ms: number;
  /** Why it failed, or null on a 2xx. */
  error: string | null;
}

/** Signature headers for one attempt (the timestamp is the attempt's, as the standard asks). */
export function signedHeaders(id: string, secret: string, body: string, now = new Date()) {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, now, body),
  };
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1000);

/**
 * A sender with its own keep-alive connections. `allowPrivate` (CLIENTELE_WEBHOOKS_ALLOW_PRIVATE)
 * lifts the private-address rule, for tests and closed networks. Each sender has its own agents,
 * so a connection opened under one rule is never reused under the other.
 */
export function webhookSender(options: { allowPrivate: boolean; timeoutMs: number; maxSockets?: number }) {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64 };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

  function send(message: { url: string; id: string; secret: string; body: string }): Promise<SendOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let url: URL;
    try {
      url = new URL(message.url);
    } catch {
      return Promise.resolve({ status: null, ms: 0, error: 'the webhook URL is not valid' });
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // An address written as such is connected to without a look-up: check it here.
    if (!options.allowPrivate && isIP(host) !== 0 && isPrivateAddress(host))
      return Promise.resolve({ status: null, ms: 0, error: `refused: ${host} is a private address` });
    const client = url.protocol === 'https:' ? https : http;
    return new Promise((resolve) => {
      const request = client.request(
        url,
        {
          method: 'POST',
          agent: agents[url.protocol as 'http:' | 'https:'],
          ...(options.allowPrivate ? {} : { lookup: guardedLookup }),
          signal: AbortSignal.timeout(options.timeoutMs),
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(message.body),
            'user-agent': 'Clientele-Webhooks/1',
            ...signedHeaders(message.id, message.secret, message.body),
          },
        },
        (response) => {
          const status = response.statusCode ?? 0;
          let snippet = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            if (snippet.length < 200) snippet += chunk;
          });
          response.on('end', () => {
            if (status >= 200 && status < 300) return resolve({ status, ms: elapsed(), error: null });
            const why =
              status >= 300 && status < 400
                ? `redirect to ${response.headers.location ?? '(no location)'} not followed`
                : snippet.trim().slice(0, 200);
            resolve({ status, ms: elapsed(), error: `HTTP ${status}${why ? `: ${why}` : ''}` });
          });
          response.on('error', (error) => resolve({ status, ms: elapsed(), error: describe(error) }));
        },
      );
      request.on('error', (error) => {
        const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError';
        resolve({
          status: null,
          ms: elapsed(),
          error: timedOut ? `no answer within ${options.timeoutMs} ms` : describe(error),
        });
      });
      request.end(message.body);
    });
  }

  return {
    send,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  } satisfies WebhookSender;
}
