import { loadConfig } from '../config';
import { salesforceOrgCalloutSecret, salesforceOrgIdSchema } from '../ingress/salesforceOrgCallout';
import { resolveCrmWebhookSecrets } from '../webhooks/crmWebhookSecrets';

const USAGE = `usage: npm run salesforce:org-secret -- <orgId>
  Prints the signing secret of that Salesforce org (18-character ID, 00D…): the value its admin
  puts in the Ledgerbridge Callout setting (Signing Secret). It signs that org's callouts only.`;

/**
 * One org's callout secret, derived from SALESFORCE_CALLOUT_SECRET (ingress/salesforceOrgCallout.ts):
 * hand each customer's org its own, never the deployment's secret, so no org can sign as another.
 */
async function run(): Promise<void> {
  const orgId = salesforceOrgIdSchema.safeParse(process.argv[2]);
  if (!orgId.success) {
    console.error(`${orgId.error.issues[0]?.message ?? 'no org ID'}\n\n${USAGE}`);
    process.exit(2);
  }
  const { salesforce } = await resolveCrmWebhookSecrets(loadConfig());
  if (!salesforce) {
    console.error('SALESFORCE_CALLOUT_SECRET is not set: there is no secret to derive from.');
    process.exit(1);
  }
  process.stdout.write(`${salesforceOrgCalloutSecret(salesforce, orgId.data)}\n`);
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
