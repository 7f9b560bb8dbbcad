import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startPortal, type PortalHarness } from './portalHarness';
import { ARTIFACTS, axeViolations, CHROMIUM } from '../../support/axeInChromium';

describe('customer portal in headless Chromium: WCAG 2.1 AA (axe-core), mobile and desktop', () => {
  let p: PortalHarness;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    p = await startPortal();
    // A pale brand colour: text and buttons on it must still reach AA contrast.
    p.settings.value = { ...p.settings.value, brand: { ...p.settings.value.brand, colour: '#FFD60A' } };
    const { origin } = await p.app();
    const { h } = p;
    const customer = await h.contact(h.tenants[0], `Axe Customer ${randomUUID().slice(0, 8)}`);
    const overdue = await p.invoice(h.tenants[0], customer, 480, '2026-01-10', '2026-02-09');
    await p.invoice(h.tenants[0], customer, 1250.75, '2026-02-20', '2026-03-22');
    await h.payInXero(h.tenants[0], overdue.id, 80, 'Bank transfer', '2026-02-12');
    const link = await p.links.issue({
      installationId: h.installationId,
      xeroTenantId: h.tenants[0],
      xeroContactId: customer,
      validDays: 30,
      purpose: 'axe',
    });
    url = `${origin}${new URL(link.url).pathname}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['mobile', { width: 390, height: 844 }],
  ] as const)
    it(`the account page has no violations on ${name}, and its Pay buttons are reachable by keyboard`, async () => {
      const page = await browser.newPage({ viewport });
      try {
        const cspErrors: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') cspErrors.push(m.text());
        });
        await page.goto(url);
        await page.getByRole('heading', { level: 1 }).waitFor();
        expect(await axeViolations(page)).toEqual([]);
        expect(cspErrors).toEqual([]);
        await page.screenshot({ path: path.join(ARTIFACTS, `portal-account-${name}.png`), fullPage: true });
        // The skip link comes first; the Pay buttons are named for their invoice.
        await page.keyboard.press('Tab');
        expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to main content');
        expect(await page.getByRole('button', { name: /^Pay invoice INV-\d+, USD/ }).count()).toBe(2);
        // Styles applied under the CSP: the header carries the brand colour.
        expect(
          await page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor"),
        ).toBe('rgb(255, 214, 10)');
      } finally {
        await page.close();
      }
    });

  it('the refusal page has no violations either', async () => {
    const page = await browser.newPage();
    try {
      const res = await page.goto(url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
      expect(res?.status()).toBe(404);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
