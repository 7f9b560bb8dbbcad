import { createHmac } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { verifySalesforceCallout } from '../webhooks/salesforceCalloutSignature';
import { headerOf } from './requestParts';

/** UserInfo.getOrganizationId() and the identity URL both give the 18-character form. */
export const salesforceOrgIdSchema = z
  .string()
  .regex(/^00D[0-9A-Za-z]{15}$/, 'an 18-character Salesforce org ID (00D…)');

/**
 * The secret one Salesforce org signs its callouts with: HMAC-SHA256 of its org ID under the
 * deployment's SALESFORCE_CALLOUT_SECRET, base64url. Each org is given only its own (in its
 * Ledgerbridge_Callout__c setting), so no org can sign as another, and the worker keeps one secret.
 */
export function salesforceOrgCalloutSecret(deploymentSecret: string, orgId: string): string {
  return createHmac('sha256', deploymentSecret)
    .update(`ledgerbridge-salesforce-org:${orgId}`)
    .digest('base64url');
}

export type OrgCalloutVerdict = { ok: true; orgId: string } | { ok: false; reason: string };

/**
 * An org-scoped callout: X-Ledgerbridge-Org names the calling org, and the body is signed as every
 * package callout is (salesforceCalloutSignature.ts) but with that org's own secret. A request
 * naming another org than the signer's fails the signature.
 */
export function verifySalesforceOrgCallout(input: {
  deploymentSecret: string;
  req: FastifyRequest;
  rawBody: Buffer;
  now: number;
}): OrgCalloutVerdict {
  const org = salesforceOrgIdSchema.safeParse(headerOf(input.req, 'x-ledgerbridge-org'));
  if (!org.success) return { ok: false, reason: 'no or malformed X-Ledgerbridge-Org' };
  const signed = verifySalesforceCallout({
    secret: salesforceOrgCalloutSecret(input.deploymentSecret, org.data),
    rawBody: input.rawBody,
    signature: headerOf(input.req, 'x-ledgerbridge-signature'),
    timestamp: headerOf(input.req, 'x-ledgerbridge-timestamp'),
    now: input.now,
  });
  return signed ? { ok: true, orgId: org.data } : { ok: false, reason: 'bad or stale signature' };
}
