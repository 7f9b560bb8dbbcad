import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import {
  reviewCandidateSchema,
  reviewDecidedSchema,
  reviewListSchema,
  reviewRefusedSchema,
  reviewViewSchema,
  salesforceReviewDecideRequestSchema,
} from '../../worker/hubspotApp/contracts/contactReviews';

/**
 * The Salesforce contact reviews card against the worker's contract: the Apex classes the callouts'
 * answers are read into name exactly the contract's fields (JSON.deserialize drops the rest without a
 * word), the component's fixtures are answers the worker could send, the decision the Apex sends is
 * one the worker accepts, and the permission metadata lets readers read and only reviewers decide.
 */
const SRC = path.resolve(__dirname, '../../force-app/main/default');
const APEX = readFileSync(path.join(SRC, 'classes/LedgerbridgeContactReviews.cls'), 'utf8');
const FIXTURES = path.join(SRC, 'lwc/ledgerbridgeContactReviews/__tests__/data');
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>;

/** The public fields of an inner class `public class <name> { … }` (no nested braces inside). */
function apexFields(source: string, name: string): string[] {
  const body = new RegExp(`class ${name} \\{([^}]*)\\}`).exec(source)?.[1] ?? '';
  return [...body.matchAll(/public [\w<>, ]+ (\w+);/g)].map((m) => m[1] ?? '').sort();
}
const keys = (shape: object) => Object.keys(shape).sort();

const parser = new XMLParser({ parseTagValue: false, ignoreDeclaration: true, isArray: () => true });
type Xml = Record<string, unknown[]>;
function metadata(file: string, root: string): Xml {
  const doc = parser.parse(readFileSync(path.join(SRC, file), 'utf8')) as Record<string, Xml[]>;
  return doc[root]?.[0] ?? {};
}
const entries = (xml: Xml, key: string, field: string): string[] =>
  ((xml[key] ?? []) as Xml[]).map((entry) => String(entry[field]?.[0] ?? ''));

function contractProblems(source: string): string[] {
  const expected: Array<[string, string[]]> = [
    ['Review', keys(reviewViewSchema.shape)],
    ['XeroContact', keys(reviewViewSchema.shape.xeroContact.shape)],
    ['Candidate', keys(reviewCandidateSchema.shape)],
    ['ReviewList', keys(reviewListSchema.shape)],
  ];
  const problems = expected
    .filter(([name, fields]) => apexFields(source, name).join() !== fields.join())
    .map(([name, fields]) => `${name} has ${apexFields(source, name).join()}, the contract ${fields.join()}`);
  const decision = apexFields(source, 'Decision');
  for (const field of [...keys(reviewDecidedSchema.shape), 'message'])
    if (!decision.includes(field)) problems.push(`Decision lacks ${field}`);
  return problems;
}

describe('the Salesforce contact reviews card and the worker’s contract', () => {
  it('reads the worker’s answers into Apex classes with exactly the contract’s fields', () =>
    expect(contractProblems(APEX)).toEqual([]));

  it('a renamed field is found (negative control)', () =>
    expect(contractProblems(APEX.replace('public String taxNumber;', 'public String vatNumber;'))).toEqual([
      'XeroContact has email,id,name,vatNumber, the contract email,id,name,taxNumber',
    ]));

  it('holds the component’s fixtures to what the worker sends', () => {
    for (const name of readdirSync(FIXTURES).filter(
      (f) => f.startsWith('reviews') || f === 'afterLink.json',
    )) {
      const { canDecide, ...list } = fixture(name);
      expect(typeof canDecide).toBe('boolean');
      expect(reviewListSchema.safeParse(list).error).toBeUndefined();
    }
    expect(reviewDecidedSchema.safeParse(fixture('linked.json')).error).toBeUndefined();
    const { refusal, message } = fixture('conflict.json');
    expect(reviewRefusedSchema.safeParse({ error: refusal, message }).error).toBeUndefined();
  });

  it('sends decisions the worker accepts: only the fields that apply, never a null', () => {
    // The keys LedgerbridgeContactReviews.decide puts in its body (its Apex test pins each case).
    const sent = [...APEX.matchAll(/'(\w+)' => |body\.put\('(\w+)'/g)].map((m) => m[1] ?? m[2]);
    expect(new Set(sent)).toEqual(new Set(['reviewId', 'decision', 'crmId', 'reason', 'userId']));
    const userId = '005000000000001AAA';
    const reviewId = '3b7e1c52-9d4a-4f0e-8a61-2c5d7e9f1a01';
    for (const body of [
      { userId, reviewId, decision: 'link', crmId: '001000000000002AAA' },
      { userId, reviewId, decision: 'create' },
      { userId, reviewId, decision: 'ignore', reason: 'A supplier refund' },
    ])
      expect(salesforceReviewDecideRequestSchema.safeParse(body).error).toBeUndefined();
    expect(
      salesforceReviewDecideRequestSchema.safeParse({ userId, reviewId, decision: 'link', crmId: null })
        .success,
    ).toBe(false);
  });

  it('lets Ledgerbridge users read the reviews and only holders of Review Contacts decide', () => {
    const admin = metadata('permissionsets/Ledgerbridge_Admin.permissionset-meta.xml', 'PermissionSet');
    const user = metadata('permissionsets/Ledgerbridge_User.permissionset-meta.xml', 'PermissionSet');
    for (const set of [admin, user])
      expect(entries(set, 'classAccesses', 'apexClass')).toContain('LedgerbridgeContactReviews');
    expect(entries(admin, 'customPermissions', 'name')).toContain('Ledgerbridge_Review_Contacts');
    expect(entries(user, 'customPermissions', 'name')).not.toContain('Ledgerbridge_Review_Contacts');
    expect(APEX).toContain("REVIEW_PERMISSION = 'Ledgerbridge_Review_Contacts'");
    const permission = metadata(
      'customPermissions/Ledgerbridge_Review_Contacts.customPermission-meta.xml',
      'CustomPermission',
    );
    expect(permission.label).toEqual(['Ledgerbridge: Review Contacts']);
  });

  it('puts the card on the Ledgerbridge app page', () => {
    const page = readFileSync(path.join(SRC, 'flexipages/Ledgerbridge_Home.flexipage-meta.xml'), 'utf8');
    expect(page).toContain('<componentName>c:ledgerbridgeContactReviews</componentName>');
  });
});
