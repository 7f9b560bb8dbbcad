/**
 * Stripe's test payment methods (https://docs.stripe.com/testing#cards): which succeed and which
 * are declined, with the decline code a real test card gives. Any other `pm_` ID succeeds.
 */
export interface CardOutcome {
  declineCode?: 'generic_decline' | 'insufficient_funds' | 'lost_card' | 'expired_card';
  /** A charge that succeeds and is then disputed (pm_card_createDispute). */
  disputes?: boolean;
}

const DECLINES: Record<string, CardOutcome> = {
  pm_card_chargeDeclined: { declineCode: 'generic_decline' },
  pm_card_visa_chargeDeclined: { declineCode: 'generic_decline' },
  pm_card_chargeDeclinedInsufficientFunds: { declineCode: 'insufficient_funds' },
  pm_card_visa_chargeDeclinedInsufficientFunds: { declineCode: 'insufficient_funds' },
  pm_card_chargeDeclinedLostCard: { declineCode: 'lost_card' },
  pm_card_chargeDeclinedExpiredCard: { declineCode: 'expired_card' },
  pm_card_createDispute: { disputes: true },
};

export function cardOutcome(paymentMethod: string): CardOutcome {
  return DECLINES[paymentMethod] ?? {};
}

export const DECLINE_MESSAGES: Record<NonNullable<CardOutcome['declineCode']>, string> = {
  generic_decline: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
  lost_card: 'Your card was declined.',
  expired_card: 'Your card has expired.',
};
