import { Button, EmptyState, ErrorState, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import { useRemote } from '../../cards/lib/remoteState';
import type { SettingsSource } from '../lib/settingsClient';
import { MappingSettingsForm } from './MappingSettingsForm';

/** The settings page: loads the installation's mapping settings, then the form over them. */
export function MappingSettingsPanel({ source }: { source: SettingsSource }) {
  const { state, reload } = useRemote(() => source.load(), 'settings');
  if (state.status === 'loading') return <LoadingSpinner label="Loading the mapping settings…" showLabel />;
  if (state.status === 'error')
    return (
      <ErrorState title="The settings could not be loaded">
        <Text>{state.message}</Text>
        <Button onClick={reload}>Try again</Button>
      </ErrorState>
    );
  const page = state.data;
  if (page.status !== 'ready')
    return (
      <EmptyState title="Nothing to configure yet" imageName="integrations" layout="horizontal">
        <Text>{page.message}</Text>
      </EmptyState>
    );
  return (
    <>
      <Text>
        Mapping settings of the Xero organisation {page.xeroOrganisation}
        {page.savedBy ? `, last saved by ${page.savedBy}` : ''}.
      </Text>
      <MappingSettingsForm
        key={page.version}
        initial={page.settings}
        version={page.version}
        source={source}
        onReload={reload}
      />
    </>
  );
}
