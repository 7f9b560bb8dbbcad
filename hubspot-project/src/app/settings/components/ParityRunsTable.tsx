import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import { formatMoment } from '../../cards/lib/format';
import type { ParityRunSummary } from '../generated/syncHealth';
import { agreementText, byKindText, changeText, findingsChange } from '../lib/parityLabels';

/** The last parity runs, newest first, each with its change in findings against the run before. */
export function ParityRunsTable({ runs }: { runs: ParityRunSummary[] }) {
  return (
    <Table bordered density="condensed">
      <TableHead>
        <TableRow>
          <TableHeader>Finished</TableHeader>
          <TableHeader align="right">Pairs compared</TableHeader>
          <TableHeader align="right">Findings</TableHeader>
          <TableHeader>Trend</TableHeader>
          <TableHeader>By kind</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {runs.map((run, i) => {
          const agreement = agreementText(run.agreement);
          return (
            <TableRow key={run.runId}>
              <TableCell>{formatMoment(run.finishedAt)}</TableCell>
              <TableCell align="right">{run.pairsCompared.toLocaleString('en-US')}</TableCell>
              <TableCell align="right">{run.findings.toLocaleString('en-US')}</TableCell>
              <TableCell>{changeText(findingsChange(runs, i))}</TableCell>
              <TableCell>
                <Text>{byKindText(run.byKind)}</Text>
                {agreement ? <Text variant="microcopy">Cutover: {agreement}</Text> : null}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
