/** The Stripe collections and nightly receivables workflows (issue #22), for workflows/index.ts to export. */
export * from './collection';
export * from './receivablesNightly';
