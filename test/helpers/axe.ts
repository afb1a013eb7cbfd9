import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe's WCAG 2.0/2.1 A and AA violations on the page as it is now, one `rule: selector` per node.
 * It first waits for running transitions to end: a modal fading in is half transparent, and axe
 * would measure the contrast of a colour the user never sees once it has settled.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  // String expressions: the tests' TypeScript has no DOM types.
  // Endless ones (a loader's spin) never end, and are not what is measured. Polled inside
  // page.evaluate: waitForFunction would need the 'unsafe-eval' the app's CSP refuses.
  await page.evaluate(`new Promise((resolve) => {
    const settled = () => document.getAnimations().every(
      (a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity);
    const check = () => (settled() ? resolve(true) : requestAnimationFrame(check));
    setTimeout(() => resolve(false), 5000);
    check();
  })`);
  // Evaluated, not added as an inline <script>: the app's CSP (rightly) refuses inline scripts.
  await page.evaluate(AXE_SOURCE);
  return (await page.evaluate(
    "axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }).then((r) => r.violations.flatMap((v) => v.nodes.map((n) => v.id + ': ' + n.target.join(' '))))",
  )) as string[];
}
