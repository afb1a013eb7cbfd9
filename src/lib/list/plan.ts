import {
  type AliasedExpression,
  type Expression,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
} from 'kysely';
import type { DB } from '../../db/types.js';
import type { RequestContext } from '../context.js';
import { DomainError } from '../errors.js';
import { TtlCache } from '../ttl-cache.js';
import { orderTerms } from './list-builder.js';
import { keysOf, type PageWindow } from './paginate.js';

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
 * Cancels the statement that backend `pid` is running, if it is still in the transaction that
 * started at `started` (its now(), as text: pg_stat_activity's xact_start, to the microsecond).
 * Through PgBouncer (transaction pooling) a server connection goes back to the pool when its
 * transaction ends and may then run another client's statement; naming the transaction keeps a
 * late cancel off that statement. Answers whether a cancel was sent.
 */
export async function cancelTransactionStatement(
  db: RequestContext['db'],
  pid: number,
  started: string,
): Promise<boolean> {
  const { rows } = await sql<{ sent: boolean }>`
    select pg_cancel_backend(pid) as sent from pg_stat_activity
     where pid = ${pid} and xact_start = ${started}::timestamptz`.execute(db);
  return rows[0]?.sent === true;
}

/**
 * Runs `work` in a transaction whose statements time out after `timeoutMs`, and cancels the running
 * statement when the request's client goes away (ctx.signal), so no work is left running in
 * PostgreSQL for nobody. PostgreSQL ignores a cancel that reaches an idle connection, and the cancel
 * only fires while the backend is still in this very transaction, so a late one cannot hit the next
 * request's statement, even through a pooler that hands the connection to another client. (PGlite runs one statement at a time in-process and has
 * neither timeouts nor cancellation; there the walk's row budget is the bound.)
 */
async function bounded<T>(
  ctx: RequestContext,
  timeoutMs: number,
  work: (trx: RequestContext) => Promise<T>,
): Promise<T> {
  if (ctx.signal?.aborted) throw listErrors.clientGone();
  const root = ctx.db;
  const run = async (db: RequestContext['db']) => {
    const { rows } = await sql<{
      pid: number;
      started: string;
    }>`select set_config('statement_timeout', ${String(
      Math.max(1, Math.round(timeoutMs)),
    )}, true), pg_backend_pid() as pid, now()::text as started`.execute(db);
    const pid = rows[0]?.pid;
    const started = rows[0]?.started;
    const cancel = () => {
      if (pid !== undefined && started !== undefined && !root.isTransaction)
        cancelTransactionStatement(root, pid, started).catch(() => undefined);
    };
    ctx.signal?.addEventListener('abort', cancel, { once: true });
    try {
      return await work({ ...ctx, db });
    } catch (error) {
      if (!isCanceled(error)) throw error;
      if (ctx.signal?.aborted) throw listErrors.clientGone();
      throw new StatementTimeout();
    } finally {
      ctx.signal?.removeEventListener('abort', cancel);
    }
  };
  // Inside a caller's transaction the timeout applies to the rest of it; a list read never is.
  return root.isTransaction ? run(root) : root.transaction().execute(run);
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

const withoutWalkColumns = <Row>(rows: Row[]): Row[] =>
  rows.map((row) => {
    const { pagematch: _m, pagerow: _r, ...rest } = row as Row & { pagematch?: unknown; pagerow?: unknown };
    return rest as Row;
  });

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
          .selectFrom(matches.limit(Math.min(listPlan.collectRows, 2 ** 31 - 2) + 1).as('w'))
          .selectAll('w');
        const rows = await withPageColumns(collected, input.pageColumns, sql.ref('w.id'))
          .select(sql<number>`count(*) over ()`.as('pagematches'))
          .orderBy(orderTerms(keysOf(window.keys, 'w'), sql.ref('w.id')))
          .limit(window.rows)
          .execute();
        const found = Number((rows[0] as { pagematches?: unknown } | undefined)?.pagematches ?? 0);
        if (found <= listPlan.collectRows) {
          const page = rows.map(({ pagematches: _n, ...row }) => row as Row);
          return { plan: 'collect' as const, rows: page, resumeAfter: null };
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
 * row at the budget's end (`pagerow = walkRows`) comes back with the matches whether it matches or
 * not: when the matches did not fill the page, it says where to resume. (A second statement to
 * find it cost 4–5 ms of every partial page at a million customers.)
 */
async function walk<Row>(
  trx: RequestContext,
  input: PlannedRead,
  order: RawBuilder<unknown>,
): Promise<{ rows: Row[]; resumeAfter: Row | null }> {
  const { window, select, condition } = input;
  const walked = select(trx.db)
    .select(sql<boolean>`(${condition}) is true`.as('pagematch'))
    .select(sql<string>`row_number() over (order by ${order})`.as('pagerow'))
    .orderBy(order)
    .limit(listPlan.walkRows);
  // All matches come before the budget's last row (it is the walk's last), so window.rows + 1
  // rows hold either a full page or every match and that row.
  const rows = (await withPageColumns(
    trx.db.selectFrom(walked.as('w')).selectAll('w'),
    input.pageColumns,
    sql.ref('w.id'),
  )
    .where(sql<SqlBool>`w.pagematch or w.pagerow = ${listPlan.walkRows}`)
    .orderBy(orderTerms(keysOf(window.keys, 'w'), sql.ref('w.id')))
    .limit(window.rows + 1)
    .execute()) as (Row & { pagematch: boolean; pagerow: string | number })[];
  const page = withoutWalkColumns(rows.filter((row) => row.pagematch).slice(0, window.rows));
  if (page.length >= window.rows) return { rows: page, resumeAfter: null };
  // The page is not full: either the list ended within the budget, or the budget ran out here.
  const last = rows.find((row) => Number(row.pagerow) === listPlan.walkRows);
  return { rows: page, resumeAfter: last ? withoutWalkColumns([last])[0]! : null };
}
