/**
 * The service's settings for a benchmark run: quiet, no rate limits in the way of the load
 * generator (CLIENTELE_RATE_LIMIT at its maximum, sign-in limits off), no SMTP, every module.
 */
export const benchAppConfig = {
  logLevel: 'silent' as const,
  sessionTtlHours: 12,
  rateLimitPerMinute: 1_000_000,
  corsOrigins: [],
  signInRateLimitPerMinute: 0,
  shopperIdleMinutes: 60,
  shopperSessionHours: 24,
  smtpUrl: null,
  modules: null,
};
