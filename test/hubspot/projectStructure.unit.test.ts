import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { HUBSPOT_OPTIONAL_SCOPES, HUBSPOT_SCOPES } from '../../worker/connectors/hubspot/hubspotEndpoints';

/**
 * The HubSpot project as `hs project upload` would take it: nothing validates a project offline, so
 * every `*-hsmeta.json` is checked against our schema for its component type (hubspot-project/
 * schemas), plus what a schema cannot say: entrypoints exist, uids are unique, the scopes are exactly
 * the ones the worker asks for, and every place naming the worker names the same URL.
 */
const PROJECT = path.resolve(__dirname, '../../hubspot-project');
const SRC = path.join(PROJECT, 'src');
const readJson = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8'));

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const schema = (name: string): ValidateFunction => ajv.compile(readJson(path.join(PROJECT, 'schemas', name)));
const SCHEMAS: Record<string, { validate: ValidateFunction; folder: string }> = {
  app: { validate: schema('app-hsmeta.schema.json'), folder: 'app' },
  card: { validate: schema('card-hsmeta.schema.json'), folder: 'app/cards' },
  settings: { validate: schema('settings-hsmeta.schema.json'), folder: 'app/settings' },
  webhooks: { validate: schema('webhooks-hsmeta.schema.json'), folder: 'app/webhooks' },
  'app-event': { validate: schema('app-event-hsmeta.schema.json'), folder: 'app/app-events' },
};

function hsmetaFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : hsmetaFiles(full);
    return entry.name.endsWith('-hsmeta.json') ? [full] : [];
  });
}
const components = hsmetaFiles(SRC).map((file) => ({
  file,
  name: path.relative(PROJECT, file),
  json: readJson(file) as { uid: string; type: string; config: Record<string, unknown> },
}));
const byType = (type: string) => components.filter((c) => c.json.type === type);
const workerUrl = /WORKER_URL = '([^']+)'/.exec(
  readFileSync(path.join(SRC, 'app/cards/lib/workerUrl.ts'), 'utf8'),
)?.[1];

/**
 * App events (timeline activity) need HubSpot's approval and a marketplace app: until then their
 * components wait in hubspot-project/app-events, outside what `hs project upload` takes.
 */
const APP_EVENTS = path.join(PROJECT, 'app-events');
const stagedAppEvents = hsmetaFiles(APP_EVENTS).map((file) => ({
  name: path.relative(PROJECT, file),
  json: readJson(file) as { uid: string; type: string; config: Record<string, unknown> },
}));

describe('hubspot-project structure', () => {
  it.each(stagedAppEvents.map((c) => [c.name, c] as const))(
    '%s (staged) is a valid app-event component',
    (_name, c) => {
      const kind = SCHEMAS['app-event']!;
      expect(c.json.type).toBe('app-event');
      expect(kind.validate(c.json) ? [] : kind.validate.errors).toEqual([]);
    },
  );

  it('uploads app events only from a marketplace app, as HubSpot requires', () => {
    const distribution = (byType('app')[0]?.json.config as { distribution?: string }).distribution;
    expect(stagedAppEvents.map((c) => c.json.uid).sort()).toEqual([
      'xero_activity_company',
      'xero_activity_deal',
    ]);
    if (distribution !== 'marketplace') expect(byType('app-event')).toEqual([]);
  });

  it('hsproject.json names the source folder and the current platform version', () => {
    const project = readJson(path.join(PROJECT, 'hsproject.json'));
    const validate = schema('hsproject.schema.json');
    expect(validate(project) ? [] : validate.errors).toEqual([]);
    expect(project).toMatchObject({ srcDir: 'src', platformVersion: '2026.03' });
  });

  it.each(components.map((c) => [c.name, c] as const))('%s is valid for its component type', (_name, c) => {
    const kind = SCHEMAS[c.json.type];
    if (!kind) throw new Error(`${c.name}: no schema for component type "${c.json.type}"`);
    expect(kind.validate(c.json) ? [] : kind.validate.errors).toEqual([]);
    // HubSpot reads each feature's *-hsmeta.json at the root of its feature folder.
    expect(path.relative(SRC, path.dirname(c.file))).toBe(kind.folder);
  });

  it('has the app, two record cards, the settings page and the deal webhooks', () => {
    expect(byType('app')).toHaveLength(1);
    expect(byType('card').map((c) => c.json.config.objectTypes)).toEqual(
      expect.arrayContaining([['companies'], ['deals']]),
    );
    expect(byType('settings')).toHaveLength(1);
    expect(byType('webhooks')).toHaveLength(1);
  });

  it('every uid is unique and every entrypoint exists, with a package.json next to it', () => {
    const uids = components.map((c) => c.json.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const c of components.filter((x) => typeof x.json.config.entrypoint === 'string')) {
      const entry = path.join(SRC, String(c.json.config.entrypoint));
      expect([c.name, existsSync(entry)]).toEqual([c.name, true]);
      const pkg = readJson(path.join(path.dirname(entry), 'package.json')) as {
        dependencies: Record<string, string>;
      };
      expect(Object.keys(pkg.dependencies)).toEqual(
        expect.arrayContaining(['@hubspot/ui-extensions', 'react', 'zod']),
      );
    }
  });

  it('asks for exactly the scopes the worker’s connect flow requests', () => {
    const auth = byType('app')[0]!.json.config.auth as {
      type: string;
      requiredScopes: string[];
      optionalScopes: string[];
    };
    expect(auth.type).toBe('oauth');
    expect([...auth.requiredScopes].sort()).toEqual([...HUBSPOT_SCOPES].sort());
    expect([...auth.optionalScopes].sort()).toEqual([...HUBSPOT_OPTIONAL_SCOPES].sort());
  });

  it('names one worker URL everywhere: permitted fetch URL, OAuth redirect, webhook target, the cards', () => {
    expect(workerUrl).toMatch(/^https:\/\//);
    const config = byType('app')[0]!.json.config as {
      permittedUrls: { fetch: string[] };
      auth: { redirectUrls: string[] };
    };
    expect(config.permittedUrls.fetch).toEqual([workerUrl]);
    expect(config.auth.redirectUrls).toEqual([`${workerUrl}/oauth/hubspot/callback`]);
    const webhooks = byType('webhooks')[0]!.json.config as { settings: { targetUrl: string } };
    // What the subscriptions must cover is held by webhookSubscriptions.unit.test.ts.
    expect(webhooks.settings.targetUrl).toBe(`${workerUrl}/webhooks/hubspot`);
  });

  it('the schemas refuse what HubSpot refuses (so the checks above can fail)', () => {
    const app = structuredClone(byType('app')[0]!.json);
    app.config.permittedUrls = { fetch: ['http://localhost:3030'] };
    expect(SCHEMAS.app!.validate(app)).toBe(false);
    const card = structuredClone(byType('card')[0]!.json);
    delete card.config.entrypoint;
    expect(SCHEMAS.card!.validate(card)).toBe(false);
  });
});
