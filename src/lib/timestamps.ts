/**
 * Dates PostgreSQL can hold. ISO 8601 and JSON Schema's `date-time` accept the year 0000 (1 BC),
 * which PostgreSQL refuses as out of range, and JavaScript reads six-digit years (+010000-…) that
 * PostgreSQL cannot parse. A time on the first or last day of 0001–9999 can cross into one of those
 * once its offset is applied (`0001-01-01T00:00+14:00` is in the year 0000 in UTC), so those two
 * days are out too.
 */
export const STORABLE_TIMESTAMP_PATTERN = '^(?!0000|0001-01-01|9999-12-31)[0-9]{4}-';
export const STORABLE_TIMESTAMP_MESSAGE = 'must be a date and time from 0001-01-02 to 9999-12-30';

/**
 * ISO 8601 (`T`) or PostgreSQL's `timestamptz::text` (a space, `+00`), as cursors hold it; the
 * literal goes to PostgreSQL as written, so only the year 0000 is out.
 */
const TIMESTAMP =
  /^(?!0000)(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|[+-]\d{2}(?::?\d{2}){0,2})?$/i;

/** A timestamp literal, as a cursor holds it, that PostgreSQL reads as a real moment. */
export function isStorableTimestamp(value: string): boolean {
  const match = TIMESTAMP.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[];
  // Date.UTC rolls 30 February over into March; a real day survives the round trip.
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  date.setUTCFullYear(year!);
  return (
    date.getUTCMonth() === month! - 1 &&
    date.getUTCDate() === day &&
    hour! <= 23 &&
    minute! <= 59 &&
    second! <= 59
  );
}
