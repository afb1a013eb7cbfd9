/**
 * Hides the credentials in connection strings before they reach a log line or an error message.
 * A URL's password (`scheme://user:password@host`) and `password=` style query parameters become
 * `***`; the user, host, port and database stay, since they are what a person needs to fix it.
 */

const SECRET_PARAMS = /\b(password|passwd|pass|pwd|secret|token|sslkey|sslpassword)=[^&\s]*/gi;

/** One URL-ish configuration value (possibly malformed) with its secrets hidden. */
export function redactUrl(value: string): string {
  const schemeEnd = value.indexOf('://');
  const start = schemeEnd === -1 ? 0 : schemeEnd + 3;
  // The last '@' ends the user info: a password may hold unencoded '@', '/' or ':' characters.
  const at = value.lastIndexOf('@');
  let out = value;
  if (at > start) {
    const userInfo = value.slice(start, at);
    const colon = userInfo.indexOf(':');
    // With no ':', a lone user-info part may itself be a token (redis://token@host): hide it too.
    const shown = colon === -1 ? '***' : `${userInfo.slice(0, colon)}:***`;
    out = `${value.slice(0, start)}${shown}${value.slice(at)}`;
  }
  return out.replace(SECRET_PARAMS, '$1=***');
}

/** Any text (an error message) with the credentials of every URL in it hidden. */
export function redactCredentials(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)(\S*)@(?=\S)/gi, (_match, scheme: string, userInfo: string) => {
      const colon = userInfo.indexOf(':');
      return `${scheme}${colon === -1 ? '***' : `${userInfo.slice(0, colon)}:***`}@`;
    })
    .replace(SECRET_PARAMS, '$1=***');
}
