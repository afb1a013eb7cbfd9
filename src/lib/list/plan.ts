import { randomBytes } from 'node:crypto';
import {
  type AliasedExpression,
  type Expression,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
} from 'kysely';
import { poolOf } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import type { RequestContext } from '../context.js';
import { DomainError } from '../errors.js';
import { TtlCache } from '../ttl-cache.js';
import { orderTerms } from './list-builder.js';
import { keyColumns, keysOf, type PageWindow } from './paginate.js';

/**
 * How a filtered list finds its page (issue #12). Two plans serve a filter, and each is right for
 * one shape of data:
 * - **walk** the sort index in list order and test each row: cheap when matches are dense (a
 *   page of 50 at 10% density reads about 500 rows), ruinous when they are rare;
 * - **collect** every match through the filter's own index (a btree on the compared field, the
 *   trigram index for substrings) and sort them: cheap when matches are few, ruinous when many.
 * The planner's estimate of the matches and of the cost of finding them all chooses (both read
 * from EXPLAIN, about a third of a millisecond). Neither plan runs unbounded: a walk reads at most
 * `walkRows` rows and, when they did not fill the page, answers the matches found so far with a
 * cursor after the last row read (`partial`); a collect reads at most `collectRows + 1` matches and
 * gives way to the walk when there were more (the estimate was wrong); every statement runs under
 * `timeoutMs`, and a collect that runs out of time gives way to the walk too.
 */
export interface ListPlanSettings {
  /** Rows an ordered walk reads at most per request before it answers a partial page. */
  walkRows: number;
  /** Collect only when the planner expects at most this many matches… */
  collectRows: number;
  /** …and expects finding them all to cost at most this (PostgreSQL's cost units). */
  collectCost: number;
  /** statement_timeout of every statement of a filtered list, in milliseconds. */
  timeoutMs: number;
  /** The time a total (`includeTotal`) may take before the page answers a lower bound instead. */
  countTimeoutMs: number;
}

export const listPlan: ListPlanSettings = {
  walkRows: 4000,
  collectRows: 5000,
  collectCost: 25_000,
  timeoutMs: 1000,
  countTimeoutMs: 250,
};

/** Sets the plan thresholds (the app's configuration, and tests that need small data to take a path). */
export function configureListPlans(settings: Partial<ListPlanSettings>) {
  Object.assign(listPlan, settings);
  chosenPlans.clear();
}

/**
 * The plan chosen for a tenant's filter, remembered for a minute: the pages of one view (the
 * next page, another admin on the same segment, an export) skip the planner's estimate. Only the
 * choice is kept, never a row; statistics move slowly, and a wrong choice still stays bounded.
 */
const chosenPlans = new TtlCache<string, 'collect' | 'walk'>({ ttlMs: 60_000, max: 10_000 });

export type ListPlanName = 'ordered' | 'collect' | 'walk';

export interface PlannedRows<Row> {
  rows: Row[];
  plan: ListPlanName;
  /** When a walk spent its budget before the page was full: the last row it read, to resume after. */
  resumeAfter: Row | null;
}

// A list query of any table: the lists' repositories give the table and columns.
// biome-ignore lint/suspicious/noExplicitAny: the builder is generic over whatever table a list reads
type ListSelect = SelectQueryBuilder<DB, any, any>;

export interface PlannedRead {
  window: PageWindow;
  idColumn: RawBuilder<unknown>;
  /**
   * The list's rows on `db`: its columns and keyColumns(window.keys), within the tenant, the
   * filter's range on the leading sort key and after the cursor; not ordered, not limited.
   */
  select: (db: RequestContext['db']) => ListSelect;
  /** The rest of the filter (and the search), which the ordered walk must test row by row. */
  condition: Expression<SqlBool> | null;
  /**
   * What makes two requests the same list for the plan choice, cursor aside (tenant, sort, filter,
   * search); without it every request asks the planner.
   */
  planKey?: string;
  /**
   * Columns computed for the page's rows only (what other modules add to each row, such as its
   * account or groups), on the row's id: in the outermost select, so a collect or a walk does not
   * compute them for every row it reads and throws away, and in the same statement as the page.
   */
  pageColumns?: PageColumns;
}

/** Columns added to each row of a page, on the row's id (PlannedRead.pageColumns). */
export type PageColumns = (id: Expression<unknown>) => readonly AliasedExpression<unknown, string>[];

const QUERY_CANCELED = '57014';
const isCanceled = (error: unknown) => (error as { code?: unknown } | null)?.code === QUERY_CANCELED;

const listErrors = {
  timeout: () =>
    new DomainError(
      'unavailable',
      'list.timeout',
      'The list could not be read in time; try again, or narrow the filter or search.',
    ),
  clientGone: () => new DomainError('unavailable', 'request.cancelled', 'The client closed the request.'),
};

class StatementTimeout extends Error {}

/**
 * A name for one transaction that may need cancelling, set as its application_name (SET LOCAL):
 * what a cancel looks for in pg_stat_activity, and what an operator sees there ("clientele list
 * 3f…"). Random, so no two transactions share one; hex, so it is safe inside the statement that
 * sets it.
 */
export const transactionTag = (kind: 'list' | 'export') =>
  `clientele ${kind} ${randomBytes(8).toString('hex')}`;

/**
 * Cancels the statement a bounded read is running, if its transaction (named `tag`, see transactionTag)
 * is still open. Through PgBouncer (transaction pooling) a server connection goes back to the
 * pool when its transaction ends and may then run another client's statement; the name is the
 * transaction's own (SET LOCAL ends with it), so a late cancel finds nothing and cannot hit that
 * statement. Answers whether a cancel was sent.
 */
export async function cancelTaggedStatement(db: RequestContext['db'], tag: string): Promise<boolean> {
  const { rows } = await sql<{ sent: boolean }>`
    select pg_cancel_backend(pid) as sent from pg_stat_activity
     where application_name = ${tag} and pid <> pg_backend_pid()`.execute(db);
  return rows.some((row) => row.sent);
}

/**
 * The statement that opens a transaction a cancel can find: BEGIN, its `settings` and its name
 * (see transactionTag), all SET LOCAL, in one round trip (a query without parameters goes as one
 * simple-protocol message, which may hold several statements). Settings are the caller's own
 * constants, never input.
 */
export const openNamedTransaction = (tag: string, settings: Record<string, string | number>) =>
  [
    'begin',
    ...Object.entries(settings).map(([name, value]) => `set local ${name} = ${value}`),
    `set local application_name = '${tag}'`,
  ].join('; ');

/**
 * A bounded read's opening statement: its timeout and name. A filtered page at a million customers
 * ran four round trips around its one read (BEGIN; the timeout with the backend's pid and now();
 * the read; COMMIT); now three.
 */
export const openBoundedRead = (timeoutMs: number, tag: string) =>
  openNamedTransaction(tag, { statement_timeout: timeoutSetting(timeoutMs) });

/** statement_timeout in whole milliseconds; 0 would mean none. */
const timeoutSetting = (timeoutMs: number) => Math.max(1, Math.round(timeoutMs));

/**
 * Runs `work` in a transaction whose statements time out after `timeoutMs`, and cancels the running
 * statement when the request's client goes away (ctx.signal), so no work is left running in
 * PostgreSQL for nobody. PostgreSQL ignores a cancel that reaches an idle connection, and the cancel
 * only fires while the backend is still in this very transaction, so a late one cannot hit the next
 * request's statement, even through a pooler that hands the connection to another client. PGlite
 * runs one statement at a time in-process and has neither timeouts nor cancellation: there `work`
 * runs as it is, and the walk's row budget is the bound.
 */
async function bounded<T>(
  ctx: RequestContext,
  timeoutMs: number,
  work: (trx: RequestContext) => Promise<T>,
): Promise<T> {
  if (ctx.signal?.aborted) throw listErrors.clientGone();
  const root = ctx.db;
  const failed = (error: unknown) => {
    if (!isCanceled(error)) return error;
    if (ctx.signal?.aborted) return listErrors.clientGone();
    return new StatementTimeout();
  };
  if (root.isTransaction) {
    // Inside a caller's transaction the timeout applies to the rest of it; a list read never is.
    await sql`select set_config('statement_timeout', ${String(timeoutSetting(timeoutMs))}, true)`.execute(
      root,
    );
    return work(ctx).catch((error) => {
      throw failed(error);
    });
  }
  if (poolOf(root) === undefined) return work(ctx);
  return root.connection().execute(async (db) => {
    const tag = transactionTag('list');
    await sql.raw(openBoundedRead(timeoutMs, tag)).execute(db);
    const cancel = () => {
      cancelTaggedStatement(root, tag).catch(() => undefined);
    };
    ctx.signal?.addEventListener('abort', cancel, { once: true });
    try {
      const result = await work({ ...ctx, db });
      await sql.raw('commit').execute(db);
      return result;
    } catch (error) {
      await sql
        .raw('rollback')
        .execute(db)
        .catch(() => undefined);
      throw failed(error);
    } finally {
      ctx.signal?.removeEventListener('abort', cancel);
    }
  });
}

/** Runs `work` under `timeoutMs`, answering null when it ran out of time. */
export async function withinTime<T>(
  ctx: RequestContext,
  timeoutMs: number,
  work: (trx: RequestContext) => Promise<T>,
): Promise<T | null> {
  try {
    return await bounded(ctx, timeoutMs, work);
  } catch (error) {
    if (error instanceof StatementTimeout) return null;
    throw error;
  }
}

interface Estimate {
  rows: number;
  cost: number;
}

/**
 * The query with the page's own columns added. PostgreSQL computes a select list's subqueries after
 * the sort and the LIMIT when the query has them, so only for the rows of the page.
 */
export const withPageColumns = <Query extends ListSelect>(
  query: Query,
  columns: PageColumns | undefined,
  id: Expression<unknown>,
): Query => (columns ? (query.select(columns(id)) as Query) : query);

/** The planner's estimate of a query's rows and total cost (EXPLAIN without running it). */
async function estimate(query: ListSelect): Promise<Estimate> {
  const [row] = await query.explain('json');
  const plan = Object.values(row ?? {})[0];
  const parsed = (typeof plan === 'string' ? JSON.parse(plan) : plan) as [
    { Plan: { 'Plan Rows': number; 'Total Cost': number } },
  ];
  return { rows: parsed[0].Plan['Plan Rows'], cost: parsed[0].Plan['Total Cost'] };
}

/** Whether collecting every match and sorting them is the cheaper, bounded plan (see listPlan). */
const shouldCollect = (found: Estimate) =>
  found.rows <= listPlan.collectRows && found.cost <= listPlan.collectCost;

/**
 * One page of a filtered list, by the plan its data calls for (see ListPlanSettings). Without a
 * condition every row of the range matches, so the ordered read of the index range is the plan.
 */
export async function readPlanned<Row>(ctx: RequestContext, input: PlannedRead): Promise<PlannedRows<Row>> {
  const { window, idColumn, select, condition } = input;
  const order = orderTerms(window.keys, idColumn);
  if (condition === null) {
    const rows = await bounded(ctx, listPlan.timeoutMs, (trx) =>
      withPageColumns(select(trx.db), input.pageColumns, idColumn)
        .orderBy(order)
        .limit(window.rows)
        .execute(),
    );
    return { rows: rows as Row[], plan: 'ordered', resumeAfter: null };
  }
  const key = input.planKey;
  let choice = key === undefined ? undefined : chosenPlans.get(key);
  const choose = (plan: 'collect' | 'walk') => {
    choice = plan;
    if (key !== undefined) chosenPlans.set(key, plan);
  };
  let walking = false;
  const walkIn = async (trx: RequestContext) => {
    walking = true;
    return { plan: 'walk' as const, ...(await walk<Row>(trx, input, order)) };
  };
  const read = await withinTime(ctx, listPlan.timeoutMs, async (trx) => {
    if (choice !== 'walk') {
      const matches = select(trx.db).where(condition);
      if (choice === undefined) choose(shouldCollect(await estimate(matches)) ? 'collect' : 'walk');
      if (choice === 'collect') {
        // The subquery's LIMIT fences it: PostgreSQL finds the matches through their own index
        // and sorts them, instead of walking the sort index and testing every row. It also caps
        // the collect: an estimate that was wrong (a "rare" fragment that is common) costs at
        // most collectRows + 1 rows read before the walk takes over, and `pagematches` tells.
        const collected = trx.db
          .selectFrom(
            narrowRows(trx, input)
              .where(condition)
              .limit(Math.min(listPlan.collectRows, 2 ** 31 - 2) + 1)
              .as('m'),
          )
          .selectAll('m')
          .select(sql<number>`count(*) over ()`.as('pagematches'))
          .orderBy(orderTerms(keysOf(window.keys, 'm'), sql.ref('m.id')))
          .limit(window.rows);
        const rows = await wholeRows(trx, input, collected, sql.ref('w.pagematches').as('pagematches'));
        const found = Number((rows[0] as { pagematches?: unknown } | undefined)?.pagematches ?? 0);
        if (found <= listPlan.collectRows) {
          // `pagematches` stays on the rows, as the walk's columns do (see walk).
          return { plan: 'collect' as const, rows: rows as Row[], resumeAfter: null };
        }
        choose('walk');
      }
    }
    return walkIn(trx);
  });
  if (read) return read;
  // Out of time. A collect gives way to the walk, in a transaction of its own (the first one
  // ended with the timeout); a walk out of time has nothing cheaper to fall back on.
  if (walking) throw listErrors.timeout();
  const walked = await withinTime(ctx, listPlan.timeoutMs, walkIn);
  if (!walked) throw listErrors.timeout();
  return walked;
}

/**
 * The ordered walk: at most walkRows rows of the sort index, each tested, in one statement. The
 * walk carries only each row's id and sort keys; the page's rows are read whole by id afterwards
 * (at most window.rows of them), so the rows the walk tests and throws away are never projected.
 * When the matches do not fill the page, the statement also answers the row at the budget's end,
 * to resume after: a second branch of the same statement, which PostgreSQL runs only when the
 * first one ran out of matches (otherwise the LIMIT over the UNION ALL stops before it starts). A
 * full page pays nothing for it; numbering every row walked (row_number()) cost a third of the walk.
 */
async function walk<Row>(
  trx: RequestContext,
  input: PlannedRead,
  order: RawBuilder<unknown>,
): Promise<{ rows: Row[]; resumeAfter: Row | null }> {
  const { window, condition } = input;
  const narrow = () => narrowRows(trx, input).orderBy(order);
  const matches = trx.db
    .selectFrom(
      narrow()
        .select(sql<boolean>`(${condition}) is true`.as('pagematch'))
        .limit(listPlan.walkRows)
        .as('walked'),
    )
    .selectAll('walked')
    .select(sql<boolean>`false`.as('pageend'))
    .where(sql<SqlBool>`walked.pagematch`)
    .limit(window.rows);
  const budgetEnd = narrow()
    .select([sql<boolean>`null`.as('pagematch'), sql<boolean>`true`.as('pageend')])
    .offset(listPlan.walkRows - 1)
    .limit(1);
  const found = sql`(${matches} union all ${budgetEnd} limit ${window.rows})`;
  const rows = (await wholeRows(trx, input, found, sql.ref('w.pageend').as('pageend'))) as (Row & {
    pageend: boolean;
  })[];
  // `pageend` stays on the rows (as the sort keys do): a list maps its rows to its API's shape
  // field by field, and copying every row without it cost a tenth of the service's time on a
  // walked page (object rest over some thirty fields).
  const page = rows.filter((row) => !row.pageend);
  if (page.length >= window.rows) return { rows: page, resumeAfter: null };
  // The page is not full: either the list ended within the budget, or the budget ran out here.
  return { rows: page, resumeAfter: rows.find((row) => row.pageend) ?? null };
}

/** The list's rows as a plan reads them before it knows its page: id and sort keys only. */
const narrowRows = (trx: RequestContext, { select, idColumn, window }: PlannedRead) =>
  select(trx.db).clearSelect().select(idColumn.as('id')).select(keyColumns(window.keys));

/**
 * The page's rows whole, with their page columns, in list order: `page` (at most window.rows
 * narrow rows, its own id and sort keys) joined to the list's rows by id, a nested loop on the
 * primary key. `extra` is what the plan adds to each row from `page` (aliased `w`).
 */
function wholeRows(
  trx: RequestContext,
  input: PlannedRead,
  page: Expression<unknown>,
  extra: AliasedExpression<unknown, string>,
) {
  const { select, idColumn, window } = input;
  const joined = select(trx.db)
    .innerJoin(sql`${page}`.as('w'), (join) => join.on(sql<SqlBool>`w.id = ${idColumn}`))
    .select(extra);
  return withPageColumns(joined, input.pageColumns, idColumn)
    .orderBy(orderTerms(keysOf(window.keys, 'w'), sql.ref('w.id')))
    .execute();
}
