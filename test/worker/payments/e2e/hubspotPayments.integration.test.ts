import { describePaymentsE2e } from './paymentsScenarios';

/**
 * Issue #22 end to end in HubSpot: `npm start`'s app with the demo installations, Stripe driven
 * through its SDK against the emulator, the outcomes read in HubSpot, Xero and the store.
 */
describePaymentsE2e('hubspot');
