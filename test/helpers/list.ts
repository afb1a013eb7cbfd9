import { afterAll, beforeAll, expect } from 'vitest';
import { configureListPlans, type ListPlanSettings, listPlan } from '../../src/lib/list/plan.js';
import type { TestApp } from './app.js';

/** The ways a list finds its rows (src/lib/list/plan.ts), each forced in turn by a test. */
export const LIST_PLANS = {
  /** Gathered through the filter's or the trigram index, then sorted: what rare matches get. */
  collect: { collectRows: Number.POSITIVE_INFINITY, collectCost: Number.POSITIVE_INFINITY },
  /** The ordered walk of the sort index: what common matches get. */
  walk: { collectRows: -1 },
  /** The walk with a budget that leaves pages partial, so the cursor must carry the search on. */
  walkWithBudget: (walkRows: number): Partial<ListPlanSettings> => ({ collectRows: -1, walkRows }),
} as const;

/** Forces `settings` for the enclosing describe block and puts the previous ones back after it. */
export function underListPlan(settings: Partial<ListPlanSettings>) {
  const saved = { ...listPlan };
  beforeAll(() => configureListPlans(settings));
  afterAll(() => configureListPlans(saved));
}

/** Every row of an admin list, following `nextCursor` to the end; `url` holds the query but no cursor. */
export async function everyPage<Row, T>(t: TestApp, url: string, pick: (row: Row) => T): Promise<T[]> {
  const found: T[] = [];
  let cursor: string | null = null;
  do {
    const page: string = cursor ? `${url}&cursor=${encodeURIComponent(cursor)}` : url;
    const res = await t.app.inject({ method: 'GET', url: page, headers: t.tenant.auth });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { data: Row[]; nextCursor: string | null };
    found.push(...body.data.map(pick));
    cursor = body.nextCursor;
  } while (cursor);
  return found;
}
