import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/**
 * The import boundaries of STYLE.md (a module's service is its only door, flows only from entry
 * points, no cycles), as `npm run lint` checks them with dependency-cruiser, run by the tests too:
 * CI runs `npm test`, and a boundary broken by a type import once passed it unnoticed.
 */
describe('module boundaries', () => {
  it('has no dependency-cruiser violation in src/', () => {
    let output = '';
    let failed = false;
    try {
      output = execFileSync(
        process.execPath,
        [
          join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'),
          'src',
          '--config',
          '.dependency-cruiser.cjs',
        ],
        { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
    } catch (error) {
      failed = true;
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(failed, output).toBe(false);
    expect(output).toMatch(/no dependency violations found/);
  }, 120_000);
});
