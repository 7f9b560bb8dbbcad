import { Alert, Button, ErrorState, Flex, Text } from '@hubspot/ui-extensions';

/**
 * What a card shows when its data did not come: a failure, or (busy) HubSpot or Xero asking us to
 * slow down, which is no error of anyone's and passes by trying again in a few seconds.
 */
export function LoadFailure({
  title,
  message,
  busy,
  onRetry,
}: {
  title: string;
  message: string;
  busy: boolean;
  onRetry: () => void;
}) {
  if (busy)
    return (
      <Flex direction="column" gap="sm">
        <Alert title="Busy: try again in a few seconds" variant="warning">
          {message}
        </Alert>
        <Button onClick={onRetry}>Try again</Button>
      </Flex>
    );
  return (
    <ErrorState title={title}>
      <Text>{message}</Text>
      <Button onClick={onRetry}>Try again</Button>
    </ErrorState>
  );
}
