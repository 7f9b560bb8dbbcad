import { Button, EmptyState, ErrorState, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import { useRemote } from '../../cards/lib/remoteState';
import type { PipelinesSource } from '../lib/pipelinesClient';
import type { SettingsSource } from '../lib/settingsClient';
import { MappingSettingsForm } from './MappingSettingsForm';

/**
 * The settings page: loads the installation's mapping settings, then the form over them; HubSpot's
 * deal pipelines load beside them (the stage fields wait for them, the rest of the form does not).
 */
export function MappingSettingsPanel({
  source,
  pipelines: pipelinesSource,
}: {
  source: SettingsSource;
  pipelines: PipelinesSource;
}) {
  const { state, reload } = useRemote(() => source.load(), 'settings');
  const pipelines = useRemote(() => pipelinesSource.load(), 'pipelines');
  if (state.status === 'loading') return <LoadingSpinner label="Loading the mapping settings…" showLabel />;
  if (state.status === 'error')
    return (
      <ErrorState title="The settings could not be loaded">
        <Text>{state.message}</Text>
        <Button onClick={reload}>Try again</Button>
      </ErrorState>
    );
  const page = state.data;
  return (
    <>
      {page.organisations.length === 0 && (
        <EmptyState title="No Xero organisation yet" imageName="integrations" layout="horizontal">
          <Text>
            Connect a Xero organisation (the Xero organisations tab) to set its account codes and route won
            deals to it. The settings below apply to every organisation.
          </Text>
        </EmptyState>
      )}
      <Text>
        Mapping settings of this installation
        {page.savedBy ? `, last saved by ${page.savedBy}` : ''}.
      </Text>
      <MappingSettingsForm
        key={page.version}
        initial={page.settings}
        organisations={page.organisations}
        version={page.version}
        source={source}
        onReload={reload}
        pipelines={pipelines}
      />
    </>
  );
}
