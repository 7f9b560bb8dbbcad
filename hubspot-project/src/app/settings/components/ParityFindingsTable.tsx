import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { ParityFindingView } from '../generated/syncHealth';
import { findingRecord, kindLabel } from '../lib/parityLabels';

/** The newest run's findings: what differs, on which record, and the value on each side. */
export function ParityFindingsTable({
  rows,
  total,
  runId,
}: {
  rows: ParityFindingView[];
  total: number;
  runId: string;
}) {
  if (total === 0) return <Text>The newest parity check found no differences.</Text>;
  return (
    <>
      <Text>
        {rows.length < total
          ? `Showing ${rows.length} of ${total} findings. All of them: npm run parity -- export ${runId}`
          : `${total} ${total === 1 ? 'finding' : 'findings'} in the newest check.`}
      </Text>
      <Table bordered density="condensed">
        <TableHead>
          <TableRow>
            <TableHeader>Kind</TableHeader>
            <TableHeader>Record</TableHeader>
            <TableHeader>Xero value</TableHeader>
            <TableHeader>HubSpot value</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((finding, i) => (
            <TableRow
              key={`${finding.kind}:${finding.xeroId ?? finding.crmId ?? ''}:${finding.field ?? ''}:${i}`}
            >
              <TableCell>{kindLabel(finding.kind)}</TableCell>
              <TableCell>
                <Text>{findingRecord(finding)}</Text>
                <Text variant="microcopy">{finding.message}</Text>
              </TableCell>
              <TableCell>{finding.xeroValue ?? '—'}</TableCell>
              <TableCell>{finding.crmValue ?? '—'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
