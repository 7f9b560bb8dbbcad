import { LightningElement, wire } from 'lwc';
import { gql, graphql, type GraphQLResult } from 'lightning/graphql';
import { errorMessage, formatDateTime, formatLabel } from 'c/ledgerbridgeFormat';
import { LABELS } from './labels';

type Value<T> = { value: T | null };
// Objects and fields are aliased in the query: a namespaced package's names (ns__X__c) keep these keys.
interface StatusNode {
  Id: string;
  connection: Value<string>;
  status: Value<string>;
  lastSuccessAt: Value<string>;
  lastFailureAt: Value<string>;
  lastError: Value<string>;
  failures24h: Value<number>;
}
interface RunNode {
  Id: string;
  finishedAt: Value<string>;
  pairsCompared: Value<number>;
  findings: Value<number>;
  mode: Value<string>;
}
interface FindingNode {
  Id: string;
  kind: Value<string> & { displayValue?: string | null };
  field: Value<string>;
  xeroRecordLabel: Value<string>;
  xeroValue: Value<string>;
  crmValue: Value<string>;
  detectedAt: Value<string>;
}
interface Connection<T> {
  totalCount?: number;
  edges: Array<{ node: T }>;
}
type HealthQuery = {
  uiapi: {
    query: {
      statuses: Connection<StatusNode>;
      runs: Connection<RunNode>;
      findings: Connection<FindingNode>;
    };
  };
};

const KIND_LABELS: Record<string, string> = {
  missing_in_crm: LABELS.kindMissingInCrm,
  missing_in_xero: LABELS.kindMissingInXero,
  orphaned_link: LABELS.kindOrphanedLink,
  duplicate_link: LABELS.kindDuplicateLink,
  field_mismatch: LABELS.kindFieldMismatch,
  shadow_mismatch: LABELS.kindShadowMismatch,
  shadow_no_counterpart: LABELS.kindShadowNoCounterpart,
};

export default class LedgerbridgeSyncHealth extends LightningElement {
  labels = LABELS;
  private result?: GraphQLResult<HealthQuery>;

  @wire(graphql, {
    query: gql`
      query ledgerbridgeSyncHealth {
        uiapi {
          query {
            statuses: Ledgerbridge_Sync_Status__c(first: 20, orderBy: { Connection__c: { order: ASC } }) {
              edges {
                node {
                  Id
                  connection: Connection__c {
                    value
                  }
                  status: Status__c {
                    value
                  }
                  lastSuccessAt: Last_Success_At__c {
                    value
                  }
                  lastFailureAt: Last_Failure_At__c {
                    value
                  }
                  lastError: Last_Error__c {
                    value
                  }
                  failures24h: Failures_24h__c {
                    value
                  }
                }
              }
            }
            runs: Ledgerbridge_Parity_Run__c(
              first: 1
              orderBy: { Finished_At__c: { order: DESC, nulls: LAST } }
            ) {
              edges {
                node {
                  Id
                  finishedAt: Finished_At__c {
                    value
                  }
                  pairsCompared: Pairs_Compared__c {
                    value
                  }
                  findings: Findings__c {
                    value
                  }
                  mode: Mode__c {
                    value
                  }
                }
              }
            }
            findings: Ledgerbridge_Parity_Finding__c(
              first: 20
              where: { Status__c: { eq: "open" } }
              orderBy: { Detected_At__c: { order: DESC } }
            ) {
              totalCount
              edges {
                node {
                  Id
                  kind: Kind__c {
                    value
                    displayValue
                  }
                  field: Field__c {
                    value
                  }
                  xeroRecordLabel: Xero_Record_Label__c {
                    value
                  }
                  xeroValue: Xero_Value__c {
                    value
                  }
                  crmValue: CRM_Value__c {
                    value
                  }
                  detectedAt: Detected_At__c {
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
    return errors?.length ? formatLabel(LABELS.loadError, errorMessage(errors)) : undefined;
  }

  get connections() {
    return (this.query?.statuses.edges ?? []).map(({ node }) => ({
      id: node.Id,
      name: node.connection.value ?? '',
      status: node.status.value ?? LABELS.unknown,
      lastSuccess: formatDateTime(node.lastSuccessAt.value) || LABELS.never,
      lastFailure: formatDateTime(node.lastFailureAt.value) || LABELS.none,
      failures: node.failures24h.value ?? 0,
      lastError: node.lastError.value ?? '',
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
        text: formatLabel(LABELS.failureText, c.name, c.failures, c.lastFailure, c.lastError),
      }));
  }

  get hasFailures(): boolean {
    return this.failures.length > 0;
  }

  get lastRun(): string {
    const run = this.query?.runs.edges[0]?.node;
    if (!run) return LABELS.noParityRun;
    return formatLabel(
      run.mode.value ? LABELS.lastRunMode : LABELS.lastRun,
      formatDateTime(run.finishedAt.value) || LABELS.notYet,
      run.pairsCompared.value ?? 0,
      run.findings.value ?? 0,
      run.mode.value ?? '',
    );
  }

  get findings() {
    return (this.query?.findings.edges ?? []).map(({ node }) => ({
      id: node.Id,
      // The picklist value's label (translatable in the org); ours when the platform gives none.
      kind: node.kind.displayValue ?? KIND_LABELS[node.kind.value ?? ''] ?? node.kind.value ?? '',
      record: node.xeroRecordLabel.value ?? '',
      field: node.field.value ?? '',
      xeroValue: node.xeroValue.value ?? '',
      crmValue: node.crmValue.value ?? '',
      detected: formatDateTime(node.detectedAt.value),
    }));
  }

  get hasFindings(): boolean {
    return this.findings.length > 0;
  }

  get openFindingsText(): string {
    const total = this.query?.findings.totalCount ?? this.findings.length;
    if (total === 0) return LABELS.noFindings;
    if (total > this.findings.length) return formatLabel(LABELS.someFindings, total, this.findings.length);
    return total === 1 ? LABELS.oneFinding : formatLabel(LABELS.allFindings, total);
  }

  async handleRefresh(): Promise<void> {
    await this.result?.refresh?.();
  }
}
