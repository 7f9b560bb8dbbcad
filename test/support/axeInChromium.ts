import path from 'node:path';
import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** Debian's Chromium, or another one named by CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where browser tests keep their screenshots (git-ignored). */
export const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');

/** axe-core's WCAG 2.0/2.1 A and AA rules over the page as Chromium renders it (its CSP enforced). */
export async function axeViolations(page: Page): Promise<Array<{ id: string; nodes: string[] }>> {
  // evaluate() runs outside the page's CSP, which rightly refuses inline scripts.
  await page.evaluate(axe.source);
  // A string: the tests are compiled without the DOM's types.
  const found = await page.evaluate(`(async () => {
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return results.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.html) }));
  })()`);
  return found as Array<{ id: string; nodes: string[] }>;
}
