import type { CompiledQuery } from 'kysely';
import { to as copyTo } from 'pg-copy-streams';
import { cancelTaggedStatement, openNamedTransaction, transactionTag } from '../lib/list/plan.js';
import { type Database, poolOf } from './database.js';

/**
 * One value as PostgreSQL's text input of it, as node-postgres sends a parameter: arrays as array
 * literals (elements quoted, `\` and `"` escaped), dates as ISO 8601, bytes as `\x` hex, other
 * objects as JSON.
 */
function parameterText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`inlineParameters: ${value} has no SQL literal`);
    return String(value);
  }
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (Array.isArray(value)) {
    const element = (item: unknown): string =>
      item === null || item === undefined
        ? 'NULL'
        : Array.isArray(item)
          ? parameterText(item)
          : `"${parameterText(item).replace(/[\\"]/g, '\\$&')}"`;
    return `{${value.map(element).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * An escape-string literal (E'…'): `\` and `'` doubled, so it reads the same whatever
 * standard_conforming_strings says. Untyped, like a parameter: PostgreSQL gives it the type its
 * place asks for (`= customers.id`, `::uuid[]`, `limit`).
 */
const literal = (value: unknown) =>
  value === null || value === undefined
    ? 'NULL'
    : `E'${parameterText(value).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * The statement with each `$n` written in as a literal, for what PostgreSQL takes no parameters in
 * (`COPY (query) TO STDOUT`). Placeholders inside quoted strings, quoted names, dollar-quoted
 * strings and comments are left alone; a placeholder without its parameter is an error.
 */
export function inlineParameters(query: Pick<CompiledQuery, 'sql' | 'parameters'>): string {
  const pattern =
    /'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\/|\$(\d+)|\$([A-Za-z_][A-Za-z_0-9]*)?\$[\s\S]*?\$\2\$/g;
  return query.sql.replace(pattern, (match, index: string | undefined) => {
    if (index === undefined) return match;
    const position = Number(index) - 1;
    if (position < 0 || position >= query.parameters.length)
      throw new Error(`inlineParameters: $${index} has no parameter`);
    return literal(query.parameters[position]);
  });
}

/** Can `db` stream COPY out (a PostgreSQL pool; not the embedded engine, not a transaction)? */
export const canCopyOut = (db: Database) => poolOf(db) !== undefined;

/**
 * `COPY (query) TO STDOUT WITH (FORMAT csv)` on a connection of its own from `db`'s pool, as the
 * bytes PostgreSQL sends: its CSV (cells quoted when they hold a comma, quote or line break, NULL
 * empty, LF after each row) at the speed of COPY, with no row passing through JavaScript values.
 * Reading slower than PostgreSQL writes holds it back (the socket's own flow control), so memory
 * stays flat. Stopping early (`return`, an error, `signal`) cancels the statement and closes the
 * connection; `rows` is the count PostgreSQL reported once the stream has ended.
 */
export function copyCsvOut(
  db: Database,
  query: Pick<CompiledQuery, 'sql' | 'parameters'>,
  signal?: AbortSignal,
): { chunks: AsyncIterable<Buffer>; rows: () => number } {
  const pool = poolOf(db);
  if (!pool) throw new Error('copyCsvOut needs a PostgreSQL pool (see canCopyOut)');
  const statement = `copy (${inlineParameters(query)}) to stdout with (format csv)`;
  let rows = 0;
  async function* chunks(): AsyncGenerator<Buffer> {
    const client = await pool!.connect();
    let ended = false;
    let failure: Error | undefined;
    // The transaction's own name, so a cancel can find it (through PgBouncer too: cancelTaggedStatement).
    const tag = transactionTag('export');
    let opened = false;
    const stream = copyTo(statement);
    const abort = () => stream.destroy(new Error('export cancelled'));
    try {
      // Rows leave as they are made, in the query's order, so a plan that sorts sends nothing
      // until it has sorted every row: a million customers joined to their addresses made the
      // export's first byte wait over a second while the sort spilled to disk. Without sorts the
      // planner walks the primary key in order (joining each row's address by its index) and the
      // first part is stored at once. A sort is still used where nothing else can give the order.
      await client.query(openNamedTransaction(tag, { enable_sort: 'off' }));
      opened = true;
      signal?.addEventListener('abort', abort, { once: true });
      if (signal?.aborted) abort();
      client.query(stream);
      for await (const chunk of stream) yield chunk as Buffer;
      rows = stream.rowCount;
      await client.query('commit');
      ended = true;
    } catch (error) {
      failure = error as Error;
      throw error;
    } finally {
      signal?.removeEventListener('abort', abort);
      if (!ended) {
        // A backend still busy before its first row (a sort) never notices a closed socket: cancel it first.
        if (opened) await cancelTaggedStatement(db, tag).catch(() => false);
        stream.destroy();
      }
      // A connection left mid-COPY or mid-transaction cannot serve anyone: it is closed, not pooled.
      client.release(ended ? undefined : (failure ?? true));
    }
  }
  return { chunks: chunks(), rows: () => rows };
}

/** The 11-byte signature that opens PostgreSQL's binary COPY format. */
const BINARY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * The rows of PostgreSQL's binary COPY format with one column each: every field as its raw bytes
 * (null for NULL). Header: signature, 32-bit flags, 32-bit extension length and the extension;
 * each row: a 16-bit field count and per field a 32-bit length (-1 for NULL) and the bytes; a
 * field count of -1 ends it.
 */
export function parseBinaryCopy(data: Buffer): (Buffer | null)[] {
  if (data.length < 19 || !data.subarray(0, 11).equals(BINARY_SIGNATURE))
    throw new Error('binary COPY: no PGCOPY signature');
  let at = 15;
  at += 4 + data.readInt32BE(at);
  const rows: (Buffer | null)[] = [];
  for (;;) {
    const fields = data.readInt16BE(at);
    at += 2;
    if (fields === -1) return rows;
    if (fields !== 1) throw new Error(`binary COPY: ${fields} fields in a row, 1 expected`);
    const length = data.readInt32BE(at);
    at += 4;
    if (length === -1) rows.push(null);
    else {
      if (at + length > data.length) throw new Error('binary COPY: a field runs past the end');
      rows.push(data.subarray(at, at + length));
      at += length;
    }
  }
}

/**
 * `COPY (query) TO STDOUT WITH (FORMAT binary)` of a query of one bytea column, on a connection of
 * its own from `db`'s pool: each row's bytes as they are stored. A plain SELECT would bring bytea
 * as hex text, twice the bytes on the wire, turned into a string and decoded back in JavaScript,
 * and node-postgres' binary results decode every field as UTF-8 text, which corrupts bytes.
 * For small results (a file part): the whole answer is held in memory.
 */
export async function copyBytesOut(
  db: Database,
  query: Pick<CompiledQuery, 'sql' | 'parameters'>,
): Promise<(Buffer | null)[]> {
  const pool = poolOf(db);
  if (!pool) throw new Error('copyBytesOut needs a PostgreSQL pool (see canCopyOut)');
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    const stream = client.query(copyTo(`copy (${inlineParameters(query)}) to stdout with (format binary)`));
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return parseBinaryCopy(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  } catch (error) {
    failure = error as Error;
    throw error;
  } finally {
    // A connection whose COPY broke off may still be mid-protocol: closed, not pooled.
    client.release(failure);
  }
}
