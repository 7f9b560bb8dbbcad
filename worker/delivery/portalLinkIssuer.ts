/**
 * Issues the customer portal link every delivery e-mail carries (issue #23): signed, expiring and
 * revocable, for one customer (a Xero contact) of one installation. Implemented by the portal
 * (worker/portal); the mail builder only asks for a link.
 */
export interface PortalLinkIssuer {
  issue(request: PortalLinkRequest): Promise<PortalLink>;
}

export interface PortalLinkRequest {
  installationId: string;
  xeroTenantId: string;
  xeroContactId: string;
  /** Days the link stays valid (the installation's delivery.portalLinkDays). */
  validDays: number;
  /** Why it was issued (audit): e.g. `delivery:<invoice id>:<version>`. */
  purpose: string;
}

export interface PortalLink {
  linkId: string;
  /** The full https (or, in the sandbox, http://127.0.0.1) URL to put in the e-mail. */
  url: string;
  /** ISO-8601. */
  expiresAt: string;
}
