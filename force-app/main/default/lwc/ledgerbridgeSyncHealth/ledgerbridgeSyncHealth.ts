import { LightningElement, wire } from 'lwc';
import { gql, graphql, type GraphQLResult } from 'lightning/graphql';
import { errorMessage, formatDateTime } from 'c/ledgerbridgeFormat';

type Value<T> = { value: T | null };
interface StatusNode {
  Id: string;
  Connection__c: Value<string>;
  Status__c: Value<string>;
  Last_Success_At__c: Value<string>;
  Last_Failure_At__c: Value<string>;
  Last_Error__c: Value<string>;
  Failures_24h__c: Value<number>;
}
interface RunNode {
  Id: string;
  Finished_At__c: Value<string>;
  Pairs_Compared__c: Value<number>;
  Findings__c: Value<number>;
  Mode__c: Value<string>;
}
interface FindingNode {
  Id: string;
  Kind__c: Value<string>;
  Field__c: Value<string>;
  Xero_Record_Label__c: Value<string>;
  Xero_Value__c: Value<string>;
  CRM_Value__c: Value<string>;
  Detected_At__c: Value<string>;
}
interface Connection<T> {
  totalCount?: number;
  edges: Array<{ node: T }>;
}
type HealthQuery = {
  uiapi: {
    query: {
      Ledgerbridge_Sync_Status__c: Connection<StatusNode>;
      Ledgerbridge_Parity_Run__c: Connection<RunNode>;
      Ledgerbridge_Parity_Finding__c: Connection<FindingNode>;
    };
  };
};

const KIND_LABELS: Record<string, string> = {
  missing_in_crm: 'Missing in Salesforce',
  missing_in_xero: 'Missing in Xero',
  orphaned_link: 'Orphaned link',
  duplicate_link: 'Duplicate link',
  field_mismatch: 'Field differs',
  shadow_mismatch: 'Shadow run differs',
  shadow_no_counterpart: 'Shadow run: no counterpart',
};

export default class LedgerbridgeSyncHealth extends LightningElement {
  private result?: GraphQLResult<HealthQuery>;

  @wire(graphql, {
    query: gql`
      query ledgerbridgeSyncHealth {
        uiapi {
          query {
            Ledgerbridge_Sync_Status__c(first: 20, orderBy: { Connection__c: { order: ASC } }) {
              edges {
                node {
                  Id
                  Connection__c {
                    value
                  }
                  Status__c {
                    value
                  }
                  Last_Success_At__c {
                    value
                  }
                  Last_Failure_At__c {
                    value
                  }
                  Last_Error__c {
                    value
                  }
                  Failures_24h__c {
                    value
                  }
                }
              }
            }
            Ledgerbridge_Parity_Run__c(first: 1, orderBy: { Finished_At__c: { order: DESC, nulls: LAST } }) {
              edges {
                node {
                  Id
                  Finished_At__c {
                    value
                  }
                  Pairs_Compared__c {
                    value
                  }
                  Findings__c {
                    value
                  }
                  Mode__c {
                    value
                  }
                }
              }
            }
            Ledgerbridge_Parity_Finding__c(
              first: 20
              where: { Status__c: { eq: "open" } }
              orderBy: { Detected_At__c: { order: DESC } }
            ) {
              totalCount
              edges {
                node {
                  Id
                  Kind__c {
                    value
                  }
                  Field__c {
                    value
                  }
                  Xero_Record_Label__c {
                    value
                  }
                  Xero_Value__c {
                    value
                  }
                  CRM_Value__c {
                    value
                  }
                  Detected_At__c {
                    value
                  }
                }
              }
            }
          }
        }
      }
    `,
  })
  wiredHealth(result: GraphQLResult<HealthQuery>): void {
    this.result = result;
  }

  private get query() {
    return this.result?.data?.uiapi.query;
  }

  get loading(): boolean {
    return !this.result?.data && !this.result?.errors?.length;
  }

  get errorText(): string | undefined {
    const errors = this.result?.errors;
    return errors?.length ? `Sync health could not be loaded: ${errorMessage(errors)}` : undefined;
  }

  get connections() {
    return (this.query?.Ledgerbridge_Sync_Status__c.edges ?? []).map(({ node }) => ({
      id: node.Id,
      name: node.Connection__c.value ?? '',
      status: node.Status__c.value ?? 'unknown',
      lastSuccess: formatDateTime(node.Last_Success_At__c.value) || 'Never',
      lastFailure: formatDateTime(node.Last_Failure_At__c.value) || 'None',
      failures: node.Failures_24h__c.value ?? 0,
      lastError: node.Last_Error__c.value ?? '',
    }));
  }

  get hasConnections(): boolean {
    return this.connections.length > 0;
  }

  get failures() {
    return this.connections
      .filter((c) => c.failures > 0 && c.lastError)
      .map((c) => ({
        id: c.id,
        text: `${c.name}: ${c.failures} in 24 h, last at ${c.lastFailure}: ${c.lastError}`,
      }));
  }

  get hasFailures(): boolean {
    return this.failures.length > 0;
  }

  get lastRun(): string {
    const run = this.query?.Ledgerbridge_Parity_Run__c.edges[0]?.node;
    if (!run) return 'No parity check has run yet.';
    const mode = run.Mode__c.value ? ` (${run.Mode__c.value})` : '';
    return `Last parity check${mode} finished ${formatDateTime(run.Finished_At__c.value) || 'not yet'}: ${
      run.Pairs_Compared__c.value ?? 0
    } record pairs compared, ${run.Findings__c.value ?? 0} findings.`;
  }

  get findings() {
    return (this.query?.Ledgerbridge_Parity_Finding__c.edges ?? []).map(({ node }) => ({
      id: node.Id,
      kind: KIND_LABELS[node.Kind__c.value ?? ''] ?? node.Kind__c.value ?? '',
      record: node.Xero_Record_Label__c.value ?? '',
      field: node.Field__c.value ?? '',
      xeroValue: node.Xero_Value__c.value ?? '',
      crmValue: node.CRM_Value__c.value ?? '',
      detected: formatDateTime(node.Detected_At__c.value),
    }));
  }

  get hasFindings(): boolean {
    return this.findings.length > 0;
  }

  get openFindingsText(): string {
    const total = this.query?.Ledgerbridge_Parity_Finding__c.totalCount ?? this.findings.length;
    if (total === 0) return 'No open findings: Xero and Salesforce agree.';
    return total > this.findings.length
      ? `${total} open findings; the newest ${this.findings.length}:`
      : `${total} open finding${total === 1 ? '' : 's'}:`;
  }

  async handleRefresh(): Promise<void> {
    await this.result?.refresh?.();
  }
}
