import { type Expression, type SqlBool, sql } from 'kysely';

/**
 * `text like '%fragment%'` on a search text stored lower-cased with its accents folded
 * (`lower(clientele_unaccent(…))`, migration 0020). The pattern goes through the same SQL
 * functions in the same statement, so a fragment is folded exactly as the stored text was:
 * "backer", "Bäcker" and "BACKER" all find "Bäcker", with no copy of the unaccent rules in JS.
 * clientele_unaccent is IMMUTABLE, so PostgreSQL folds the pattern to a constant while planning
 * and the trigram index and the estimate see the folded fragment.
 *
 * LIKE's escape character goes before each character that is or becomes `\`, `%` or `_`: the
 * rules turn full-width and small forms (`％`, `＿`, `＼`, …) into the ASCII ones, and an escape
 * placed before the fold still stands before the wildcard after it.
 */
export function containsFolded(text: Expression<unknown>, fragment: string): Expression<SqlBool> {
  const escaped = fragment.replace(/[\\%_∖﹨＼﹪％＿]/g, '\\$&');
  return sql<SqlBool>`${text} like lower(clientele_unaccent(${`%${escaped}%`}))`;
}
