import {
  Button,
  Divider,
  EmptyState,
  ErrorState,
  Heading,
  LoadingSpinner,
  Statistics,
  StatisticsItem,
  StatisticsTrend,
  Text,
} from '@hubspot/ui-extensions';
import { useRemote } from '../../cards/lib/remoteState';
import type { HealthSource } from '../lib/healthClient';
import { findingsChange } from '../lib/parityLabels';
import { ConnectionHealthList, RecentFailuresTable } from './ConnectionHealthList';
import { ParityFindingsTable } from './ParityFindingsTable';
import { ParityRunsTable } from './ParityRunsTable';

/**
 * "Sync health": both connections, this portal's parity checks against the Xero organisation (the
 * same runs Salesforce's sync health page shows for its org), the newest run's findings and the
 * failed syncs of the last day.
 */
export function SyncHealthSection({ source }: { source: HealthSource }) {
  const { state, reload } = useRemote(() => source.load(), 'health');
  if (state.status === 'loading') return <LoadingSpinner label="Loading the sync health…" showLabel />;
  if (state.status === 'error')
    return (
      <ErrorState title="The sync health could not be loaded">
        <Text>{state.message}</Text>
        <Button onClick={reload}>Try again</Button>
      </ErrorState>
    );
  const health = state.data;
  return (
    <>
      <Heading>Connections</Heading>
      <ConnectionHealthList connections={health.connections} />
      <RecentFailuresTable failures={health.recentFailures} />
      <Divider />
      <Heading>Parity checks</Heading>
      {health.status === 'checked' ? (
        <>
          <Statistics>
            <StatisticsItem label="Findings in the newest check" number={health.runs[0]?.findings ?? 0}>
              <FindingsTrend change={findingsChange(health.runs, 0)} />
            </StatisticsItem>
            <StatisticsItem label="Pairs compared" number={health.runs[0]?.pairsCompared ?? 0} />
          </Statistics>
          <ParityRunsTable runs={health.runs} />
          <Heading>Findings of the newest check</Heading>
          <ParityFindingsTable
            rows={health.newestFindings.rows}
            total={health.newestFindings.total}
            runId={health.newestFindings.runId}
          />
        </>
      ) : (
        <EmptyState
          title={
            health.status === 'never_checked' ? 'No parity check has run yet' : 'No parity check to show'
          }
          imageName="integrations"
          layout="horizontal"
        >
          <Text>{health.message}</Text>
        </EmptyState>
      )}
      <Button onClick={reload}>Refresh</Button>
    </>
  );
}

/** Fewer findings than the run before is the good direction: green down, red up. */
function FindingsTrend({ change }: { change: number | undefined }) {
  if (!change) return null;
  return (
    <StatisticsTrend
      value={String(Math.abs(change))}
      direction={change > 0 ? 'increase' : 'decrease'}
      color={change > 0 ? 'red' : 'green'}
    />
  );
}
