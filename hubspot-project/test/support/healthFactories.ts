import type {
  ParityFindingView,
  ParityRunSummary,
  SyncHealth,
} from '../../src/app/settings/generated/syncHealth';

export const connections = (): SyncHealth['connections'] => [
  { vendor: 'hubspot', name: 'Adatum portal', status: 'active', lastRefreshError: null },
  {
    vendor: 'xero',
    name: 'Adatum Ltd',
    status: 'needs_reauth',
    lastRefreshError: 'invalid_grant: the grant was revoked',
  },
];

export function parityRun(overrides: Partial<ParityRunSummary> = {}): ParityRunSummary {
  return {
    runId: 'run-2',
    startedAt: '2026-11-20T14:00:00.000Z',
    finishedAt: '2026-11-20T14:05:00.000Z',
    pairsCompared: 1200,
    findings: 3,
    byKind: { field_mismatch: 2, missing_in_crm: 1 },
    mode: 'check',
    agreement: null,
    ...overrides,
  };
}

export function finding(overrides: Partial<ParityFindingView> = {}): ParityFindingView {
  return {
    kind: 'field_mismatch',
    entity: 'invoice',
    field: 'total',
    xeroId: 'a1b2c3d4-0000-4000-8000-000000000001',
    xeroLabel: 'INV-0042',
    xeroValue: '500.00',
    crmId: '2001',
    crmValue: '450.00',
    message: 'INV-0042: total is 500.00 in Xero and 450.00 in HubSpot',
    ...overrides,
  };
}

export function checkedHealth(
  overrides: Partial<Extract<SyncHealth, { status: 'checked' }>> = {},
): SyncHealth {
  return {
    status: 'checked',
    connections: connections(),
    recentFailures: [
      { action: 'upsert_deal', occurredAt: '2026-11-20T13:00:00.000Z', error: 'HubSpot answered 502' },
    ],
    runs: [
      parityRun(),
      parityRun({
        runId: 'run-1',
        finishedAt: '2026-11-19T14:05:00.000Z',
        findings: 5,
        byKind: { field_mismatch: 5 },
        mode: 'cutover',
        agreement: { xero_to_crm: { plans: 10, agreeing: 9 } },
      }),
    ],
    newestFindings: {
      runId: 'run-2',
      total: 3,
      rows: [
        finding(),
        finding({ xeroLabel: 'INV-0043', xeroValue: 'PAID', crmValue: 'AUTHORISED', field: 'status' }),
        finding({
          kind: 'missing_in_crm',
          field: null,
          xeroLabel: 'INV-0099',
          xeroValue: null,
          crmId: null,
          crmValue: null,
          message: 'INV-0099 is not in HubSpot',
        }),
      ],
    },
    ...overrides,
  };
}
