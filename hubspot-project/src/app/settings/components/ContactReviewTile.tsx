import {
  Button,
  ButtonRow,
  DescriptionList,
  DescriptionListItem,
  Flex,
  Input,
  LoadingButton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
  Tile,
} from '@hubspot/ui-extensions';
import { formatMoment } from '../../cards/lib/format';
import type { ReviewView } from '../generated/contactReviews';

/** What the person is doing with this review, as the section tracks it. */
export type TileAction =
  | { kind: 'idle' }
  | { kind: 'working'; what: 'link' | 'create' | 'ignore'; crmId?: string }
  | { kind: 'ignoring'; reason: string; missing: boolean };

const RULES: Record<string, string> = {
  taxNumber: 'Tax number',
  email: 'Email',
  name: 'Name',
  link: 'Xero link',
};
export const ruleLabel = (rule: string | null): string => (rule ? (RULES[rule] ?? rule) : 'No rule');

/**
 * One Xero contact waiting for a person: what Xero knows of it, why the rules could not decide, the
 * HubSpot companies they offered, and the three choices. `busy`: another decision is on its way.
 */
export function ContactReviewTile({
  review,
  action,
  busy,
  onLink,
  onCreate,
  onAskIgnore,
  onReason,
  onIgnore,
  onCancel,
}: {
  review: ReviewView;
  action: TileAction;
  busy: boolean;
  onLink: (crmId: string) => void;
  onCreate: () => void;
  onAskIgnore: () => void;
  onReason: (reason: string) => void;
  onIgnore: () => void;
  onCancel: () => void;
}) {
  const working = action.kind === 'working' ? action : undefined;
  const contact = review.xeroContact;
  return (
    <Tile compact>
      <Flex direction="column" gap="xs">
        <Text format={{ fontWeight: 'bold' }}>
          {contact.name} ({review.xeroOrganisation})
        </Text>
        <DescriptionList direction="row">
          <DescriptionListItem label="Email">{contact.email ?? 'None in Xero'}</DescriptionListItem>
          <DescriptionListItem label="Tax number">{contact.taxNumber ?? 'None in Xero'}</DescriptionListItem>
          <DescriptionListItem label="Records waiting">{String(review.waitingRecords)}</DescriptionListItem>
          <DescriptionListItem label="Waiting since">{formatMoment(review.createdAt)}</DescriptionListItem>
        </DescriptionList>
        <Text>{review.why}</Text>
        {review.candidates.length > 0 && (
          <Table bordered density="condensed">
            <TableHead>
              <TableRow>
                <TableHeader>HubSpot company</TableHeader>
                <TableHeader>Matched by</TableHeader>
                <TableHeader>Why</TableHeader>
                <TableHeader>Decision</TableHeader>
              </TableRow>
            </TableHead>
            <TableBody>
              {review.candidates.map((candidate) => (
                <TableRow key={candidate.crmId}>
                  <TableCell>{candidate.name}</TableCell>
                  <TableCell>{ruleLabel(candidate.rule)}</TableCell>
                  <TableCell>{candidate.why}</TableCell>
                  <TableCell>
                    <LoadingButton
                      size="sm"
                      loading={working?.what === 'link' && working.crmId === candidate.crmId}
                      disabled={busy}
                      onClick={() => onLink(candidate.crmId)}
                    >
                      Link to this company
                    </LoadingButton>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {action.kind === 'ignoring' ? (
          <Flex direction="column" gap="xs">
            <Input
              name={`ignore-reason-${review.id}`}
              label="Why ignore this contact?"
              description="Kept in the audit log. Ledgerbridge does not ask again unless the contact changes in Xero."
              required
              value={action.reason}
              error={action.missing}
              validationMessage={action.missing ? 'Give a reason to ignore it.' : undefined}
              onInput={onReason}
            />
            <ButtonRow>
              <Button variant="destructive" disabled={busy} onClick={onIgnore}>
                Ignore this contact
              </Button>
              <Button onClick={onCancel}>Cancel</Button>
            </ButtonRow>
          </Flex>
        ) : (
          <ButtonRow>
            <LoadingButton loading={working?.what === 'create'} disabled={busy} onClick={onCreate}>
              Create a new company
            </LoadingButton>
            <LoadingButton loading={working?.what === 'ignore'} disabled={busy} onClick={onAskIgnore}>
              Ignore
            </LoadingButton>
          </ButtonRow>
        )}
      </Flex>
    </Tile>
  );
}
