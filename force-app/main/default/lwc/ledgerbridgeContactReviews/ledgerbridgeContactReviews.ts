import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import listReviews from '@salesforce/apex/LedgerbridgeContactReviews.listReviews';
import decide from '@salesforce/apex/LedgerbridgeContactReviews.decide';
import type { ContactReviewsOverview } from '@salesforce/apex/LedgerbridgeContactReviews.listReviews';
import type { ReviewDecision } from '@salesforce/apex/LedgerbridgeContactReviews.decide';
import { errorMessage, formatDateTime, formatLabel, isAccessDenied } from 'c/ledgerbridgeFormat';
import { LABELS } from './labels';

const RULES: Record<string, string> = {
  taxNumber: LABELS.ruleTaxNumber,
  email: LABELS.ruleEmail,
  name: LABELS.ruleName,
  link: LABELS.ruleLink,
};

const ACCOUNT_ID = /^001[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

type Decision = 'link' | 'create' | 'ignore';

export default class LedgerbridgeContactReviews extends LightningElement {
  labels = LABELS;
  overview?: ContactReviewsOverview;
  loadError = '';
  /** The user may not call the reviews' Apex: a quiet note, no error. */
  noAccess = false;
  busy = false;
  /** The review a decision is on its way for. */
  decidingId = '';
  /** The review whose Ignore was clicked, awaiting its reason. */
  ignoringId = '';
  reason = '';
  reasonMissing = false;
  message = '';
  messageFailed = false;

  override connectedCallback(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.overview = await listReviews();
      this.loadError = '';
    } catch (err) {
      if (isAccessDenied(err)) this.noAccess = true;
      else this.loadError = formatLabel(LABELS.loadError, errorMessage(err));
    }
  }

  get loading(): boolean {
    return !this.overview && !this.loadError && !this.noAccess;
  }

  get canRefresh(): boolean {
    return !this.noAccess;
  }

  get canDecide(): boolean {
    return this.overview?.canDecide === true;
  }

  get readOnly(): boolean {
    return !!this.overview && !this.canDecide && this.hasReviews;
  }

  get countText(): string {
    const total = this.overview?.total ?? 0;
    const shown = this.overview?.reviews.length ?? 0;
    const count = formatLabel(LABELS.count, total);
    return total > shown ? `${count} ${formatLabel(LABELS.shown, shown)}` : count;
  }

  get rows() {
    return (this.overview?.reviews ?? []).map((r) => ({
      id: r.id,
      heading: formatLabel(LABELS.contactIn, r.xeroContact.name, r.xeroOrganisation),
      email: r.xeroContact.email || LABELS.noneInXero,
      taxNumber: r.xeroContact.taxNumber || LABELS.noneInXero,
      waitingRecords: String(r.waitingRecords),
      waitingSince: formatDateTime(r.createdAt),
      why: r.why,
      hasCandidates: r.candidates.length > 0,
      candidatesCaption: formatLabel(LABELS.candidates, r.xeroContact.name),
      candidates: r.candidates.map((c) => ({
        crmId: c.crmId,
        name: c.name,
        // Only an account ID becomes a link: the worker's answer is data, not markup.
        url: ACCOUNT_ID.test(c.crmId) ? `/lightning/r/Account/${c.crmId}/view` : '',
        rule: (c.rule && RULES[c.rule]) || c.rule || LABELS.ruleNone,
        why: c.why,
      })),
      deciding: r.id === this.decidingId,
      ignoring: r.id === this.ignoringId,
    }));
  }

  get hasReviews(): boolean {
    return (this.overview?.reviews.length ?? 0) > 0;
  }

  get messageClass(): string {
    return this.messageFailed ? 'slds-text-color_error' : 'slds-text-color_success';
  }

  get messageRole(): string {
    return this.messageFailed ? 'alert' : 'status';
  }

  async handleRefresh(): Promise<void> {
    this.message = '';
    await this.load();
  }

  async handleLink(event: Event): Promise<void> {
    const { reviewId = '', crmId = '' } = (event.currentTarget as HTMLElement).dataset;
    await this.send(reviewId, 'link', crmId, null);
  }

  async handleCreate(event: Event): Promise<void> {
    await this.send((event.currentTarget as HTMLElement).dataset.reviewId ?? '', 'create', null, null);
  }

  handleAskIgnore(event: Event): void {
    this.ignoringId = (event.currentTarget as HTMLElement).dataset.reviewId ?? '';
    this.reason = '';
    this.reasonMissing = false;
  }

  handleReason(event: CustomEvent<{ value?: string }>): void {
    this.reason = event.detail.value ?? '';
    if (this.reason.trim()) this.reasonMissing = false;
  }

  handleCancelIgnore(): void {
    this.ignoringId = '';
    this.reasonMissing = false;
  }

  async handleIgnore(event: Event): Promise<void> {
    const reviewId = (event.currentTarget as HTMLElement).dataset.reviewId ?? '';
    const reason = this.reason.trim();
    if (!reason) {
      this.reasonMissing = true;
      return;
    }
    await this.send(reviewId, 'ignore', null, reason);
  }

  private async send(reviewId: string, decision: Decision, crmId: string | null, reason: string | null) {
    if (this.busy) return;
    const name = this.overview?.reviews.find((r) => r.id === reviewId)?.xeroContact.name ?? '';
    this.busy = true;
    this.decidingId = reviewId;
    this.message = '';
    try {
      const answer = await decide({ reviewId, decision, crmId, reason });
      this.ignoringId = '';
      if (answer.refusal) {
        // Settled or linked elsewhere meanwhile: the worker's sentence as it is, and the list read again.
        this.report(true, formatLabel(LABELS.notDecided, name, answer.message ?? answer.refusal));
      } else {
        this.report(false, this.outcomeText(name, answer));
        this.dispatchEvent(
          new ShowToastEvent({ title: LABELS.decidedTitle, message: this.message, variant: 'success' }),
        );
      }
      await this.load();
    } catch (err) {
      this.report(true, formatLabel(LABELS.notDecided, name, errorMessage(err)));
    } finally {
      this.busy = false;
      this.decidingId = '';
    }
  }

  private outcomeText(name: string, answer: ReviewDecision): string {
    const resumed = answer.resumed ?? 0;
    if (answer.outcome === 'created') return formatLabel(LABELS.created, name, resumed);
    if (answer.outcome === 'ignored') return formatLabel(LABELS.ignored, name);
    return formatLabel(LABELS.linked, name, resumed);
  }

  private report(failed: boolean, message: string): void {
    this.messageFailed = failed;
    this.message = message;
  }
}
