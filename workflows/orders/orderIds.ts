/** Readable, stable workflow IDs of order intake (issue #24); one per order, post or month end. */
export const orderWorkflowId = (installationId: string, orderId: string): string =>
  `order:${installationId}:${orderId}`;

/** A signed post that was not an order, by its body's SHA-256. */
export const orderRejectionWorkflowId = (installationId: string, bodySha256: string): string =>
  `order-rejected:${installationId}:${bodySha256}`;

/** The month-end Schedule of an installation, and its runs. */
export const monthEndScheduleId = (installationId: string): string => `orders-month-end:${installationId}`;
