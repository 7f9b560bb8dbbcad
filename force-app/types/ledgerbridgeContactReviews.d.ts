// The Apex methods of LedgerbridgeContactReviews as the contact reviews card calls them: the shapes of
// the worker's contract (worker/hubspotApp/contracts/contactReviews.ts), plus what Apex adds.
declare module '@salesforce/apex/LedgerbridgeContactReviews.listReviews' {
  /** LedgerbridgeContactReviews.Candidate: an account the match rules offered. */
  export interface ReviewCandidate {
    crmId: string;
    name: string;
    rule: string | null;
    why: string;
  }
  /** LedgerbridgeContactReviews.Review: a Xero contact waiting for a person. */
  export interface ContactReview {
    id: string;
    xeroTenantId: string;
    xeroOrganisation: string;
    xeroContact: { id: string; name: string; email: string | null; taxNumber: string | null };
    reason: 'ambiguous' | 'no_match';
    rule: string | null;
    why: string;
    candidates: ReviewCandidate[];
    waitingRecords: number;
    createdAt: string;
  }
  export interface ContactReviewsOverview {
    /** The user holds Ledgerbridge_Review_Contacts. */
    canDecide: boolean;
    total: number;
    reviews: ContactReview[];
  }
  export default function listReviews(): Promise<ContactReviewsOverview>;
}

declare module '@salesforce/apex/LedgerbridgeContactReviews.decide' {
  /** LedgerbridgeContactReviews.Decision: an outcome, or a refusal (409) with the sentence to show. */
  export interface ReviewDecision {
    // Apex leaves out what is null.
    outcome?: 'linked' | 'created' | 'ignored';
    crmId?: string;
    resumed?: number;
    refusal?: 'review_conflict' | 'review_closed';
    message?: string;
  }
  export default function decide(params: {
    reviewId: string;
    decision: 'link' | 'create' | 'ignore';
    crmId: string | null;
    reason: string | null;
  }): Promise<ReviewDecision>;
}
