import { mkdirSync } from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser } from 'playwright-core';
import { buildInvoiceMessage } from '../../../../worker/delivery/mail/invoiceMessage';
import { fakePortalLinks, messageInput } from './mailFactories';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '../../../../test-artifacts');
const LOGO = 'https://cdn.acme.example/logo.png';
// A 1×1 PNG, served for the logo so that nothing leaves the machine.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** The e-mail's HTML as Chromium renders it: axe-core's WCAG 2.1 A/AA rules, and what it fetches. */
describe('invoice e-mail in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(() => browser?.close());

  for (const [name, colour, kind] of [
    ['pale-brand-invoice', '#FFD60A', { kind: 'invoice' }],
    ['dark-brand-reminder', '#0B3D91', { kind: 'reminder', day: 7 }],
  ] as const)
    it(`has no violations and loads only the logo (${name})`, async () => {
      const message = await buildInvoiceMessage(
        { portalLinks: fakePortalLinks() },
        messageInput({
          message: kind,
          delivery: { brand: { name: 'Acme Supplies', colour, logoUrl: LOGO }, portalLinkDays: 30 },
        }),
      );
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      try {
        const fetched: string[] = [];
        await page.route('**/*', (route) => {
          fetched.push(route.request().url());
          return route.request().url() === LOGO
            ? route.fulfill({ status: 200, contentType: 'image/png', body: PNG })
            : route.abort();
        });
        await page.setContent(message.html, { waitUntil: 'load' });
        await page.evaluate(axe.source);
        const violations = await page.evaluate(`(async () => {
          const results = await axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
          });
          return results.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.html) }));
        })()`);
        expect(violations).toEqual([]);
        expect(fetched).toEqual([LOGO]);
        await page.screenshot({ path: path.join(ARTIFACTS, `invoice-email-${name}.png`), fullPage: true });
      } finally {
        await page.close();
      }
    });
});
