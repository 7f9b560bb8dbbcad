import {
  Alert,
  Button,
  ButtonRow,
  EmptyState,
  ErrorState,
  Flex,
  Heading,
  LoadingSpinner,
  Text,
} from '@hubspot/ui-extensions';
import { useRef, useState } from 'react';
import { messageOf, useRemote } from '../../cards/lib/remoteState';
import type { ReviewDecideRequest, ReviewDecided, ReviewView } from '../generated/contactReviews';
import { ReviewRefusedError, type ContactReviewsSource } from '../lib/contactReviewsClient';
import { ContactReviewTile, type TileAction } from './ContactReviewTile';

type Action =
  | { kind: 'idle' }
  | { kind: 'busy'; reviewId: string; tile: TileAction }
  | { kind: 'ignoring'; reviewId: string; reason: string; missing: boolean }
  | { kind: 'decided'; name: string; decided: ReviewDecided }
  | { kind: 'refused'; name: string; message: string }
  | { kind: 'failed'; name: string; message: string };

const DONE: Record<ReviewDecided['outcome'], string> = {
  linked: 'is linked',
  created: 'has a new company',
  ignored: 'is ignored',
};

/**
 * "Contact reviews": the Xero contacts the match rules could not link on their own, oldest first. A
 * person links each to one of the companies offered, has a new one created, or ignores it (with a
 * reason); the syncs that waited on it then resume. The worker decides who may decide (settings
 * managers); its refusal, and a review someone else settled meanwhile, are shown as it words them.
 */
export function ContactReviews({ source }: { source: ContactReviewsSource }) {
  const { state, reload } = useRemote(() => source.list(), 'contact-reviews');
  const [action, setAction] = useState<Action>({ kind: 'idle' });
  // Only the newest decision may set what is shown.
  const latest = useRef(0);

  function decide(review: ReviewView, request: ReviewDecideRequest, tile: TileAction) {
    // One decision at a time: the buttons are disabled meanwhile, and a late click is not sent either.
    if (action.kind === 'busy') return;
    const press = ++latest.current;
    const name = review.xeroContact.name;
    setAction({ kind: 'busy', reviewId: review.id, tile });
    source.decide(request).then(
      (decided) => {
        if (press !== latest.current) return;
        setAction({ kind: 'decided', name, decided });
        reload();
      },
      (err: unknown) => {
        if (press !== latest.current) return;
        if (err instanceof ReviewRefusedError) {
          // Settled or linked elsewhere meanwhile: the list is out of date, so it is read again.
          setAction({ kind: 'refused', name, message: err.message });
          reload();
        } else setAction({ kind: 'failed', name, message: messageOf(err) });
      },
    );
  }

  if (state.status === 'loading') return <LoadingSpinner label="Loading the contact reviews…" showLabel />;
  if (state.status === 'error')
    return (
      <ErrorState title="The contact reviews could not be loaded">
        <Text>{state.message}</Text>
        <Button onClick={reload}>Try again</Button>
      </ErrorState>
    );
  const { reviews, total } = state.data;
  const busy = action.kind === 'busy';
  const tileAction = (review: ReviewView): TileAction => {
    if (action.kind === 'busy' && action.reviewId === review.id) return action.tile;
    if (action.kind === 'ignoring' && action.reviewId === review.id)
      return { kind: 'ignoring', reason: action.reason, missing: action.missing };
    return { kind: 'idle' };
  };
  return (
    <Flex direction="column" gap="sm">
      <Heading>Contact reviews</Heading>
      {reviews.length === 0 ? (
        <EmptyState title="No contact waits for a decision" imageName="contacts" layout="horizontal">
          <Text>
            When the match rules find several HubSpot companies for a Xero contact, or none, it waits here for
            you.
          </Text>
        </EmptyState>
      ) : (
        <Text>
          {total === 1 ? '1 Xero contact waits' : `${total} Xero contacts wait`} for a person
          {total > reviews.length ? `; the oldest ${reviews.length} are shown` : ''}.
        </Text>
      )}
      <DecisionOutcome action={action} />
      {reviews.map((review) => (
        <ContactReviewTile
          key={review.id}
          review={review}
          action={tileAction(review)}
          busy={busy}
          onLink={(crmId) =>
            decide(
              review,
              { reviewId: review.id, decision: 'link', crmId },
              { kind: 'working', what: 'link', crmId },
            )
          }
          onCreate={() =>
            decide(review, { reviewId: review.id, decision: 'create' }, { kind: 'working', what: 'create' })
          }
          onAskIgnore={() => setAction({ kind: 'ignoring', reviewId: review.id, reason: '', missing: false })}
          onReason={(reason) => setAction({ kind: 'ignoring', reviewId: review.id, reason, missing: false })}
          onIgnore={() => {
            const reason = action.kind === 'ignoring' ? action.reason.trim() : '';
            if (!reason) setAction({ kind: 'ignoring', reviewId: review.id, reason: '', missing: true });
            else
              decide(
                review,
                { reviewId: review.id, decision: 'ignore', reason },
                { kind: 'working', what: 'ignore' },
              );
          }}
          onCancel={() => setAction({ kind: 'idle' })}
        />
      ))}
      <ButtonRow>
        <Button onClick={reload}>Refresh</Button>
      </ButtonRow>
    </Flex>
  );
}

function DecisionOutcome({ action }: { action: Action }) {
  switch (action.kind) {
    case 'decided': {
      const { outcome, resumed } = action.decided;
      return (
        <Alert title={`${action.name} ${DONE[outcome]}`} variant="success">
          {outcome === 'ignored'
            ? 'Ledgerbridge does not ask again unless the contact changes in Xero.'
            : resumed === 1
              ? '1 waiting sync resumed.'
              : `${resumed} waiting syncs resumed.`}
        </Alert>
      );
    }
    case 'refused':
      return (
        <Alert title={`${action.name} was not decided`} variant="warning">
          {action.message}
        </Alert>
      );
    case 'failed':
      return (
        <Alert title={`${action.name} was not decided`} variant="danger">
          {action.message}
        </Alert>
      );
    default:
      return null;
  }
}
