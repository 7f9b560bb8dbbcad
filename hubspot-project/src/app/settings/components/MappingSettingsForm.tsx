import { Alert, Button, Flex, LoadingButton, Text } from '@hubspot/ui-extensions';
import { useState } from 'react';
import type { RemoteState } from '../../cards/lib/remoteState';
import type { DealPipeline } from '../generated/dealPipelines';
import type { InstallationSettings } from '../generated/mappingSettings';
import type { SettingsOrganisation } from '../generated/settingsPage';
import type { SettingsSource } from '../lib/settingsClient';
import {
  draftErrors,
  schemaErrorsByField,
  toDraft,
  toSettings,
  type SettingsDraft,
} from '../lib/settingsDraft';
import { SettingsFields } from './SettingsFields';

type SaveState =
  | { status: 'editing' }
  | { status: 'saving' }
  | { status: 'saved'; version: number }
  | { status: 'invalid' }
  | { status: 'stale'; message: string }
  | { status: 'failed'; message: string };

/**
 * The form over one loaded version of the settings. Checked with the shared schema before it is
 * sent (nothing is sent while a field is wrong), and the worker's own verdict (400 per field, 409
 * for a stale form) is shown the same way.
 */
export function MappingSettingsForm({
  initial,
  organisations,
  version: loadedVersion,
  source,
  onReload,
  pipelines,
}: {
  initial: InstallationSettings;
  organisations: SettingsOrganisation[];
  version: number;
  source: Pick<SettingsSource, 'save'>;
  onReload: () => void;
  pipelines: { state: RemoteState<DealPipeline[]>; reload: () => void };
}) {
  const [base, setBase] = useState(initial);
  const [version, setVersion] = useState(loadedVersion);
  const [draft, setDraft] = useState<SettingsDraft>(() => toDraft(initial, organisations));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [save, setSave] = useState<SaveState>({ status: 'editing' });

  const edit = (next: SettingsDraft) => {
    setDraft(next);
    // Messages follow the edits once the user has tried to save.
    if (Object.keys(errors).length > 0) setErrors(draftErrors(next, base, organisations));
  };

  const submit = () => {
    const found = draftErrors(draft, base, organisations);
    setErrors(found);
    if (Object.keys(found).length > 0) return setSave({ status: 'invalid' });
    setSave({ status: 'saving' });
    source.save(version, toSettings(draft, base, organisations).settings).then(
      (result) => {
        if (result.kind === 'saved') {
          setBase(result.settings);
          setVersion(result.version);
          setDraft({ ...toDraft(result.settings, organisations), organisation: draft.organisation });
          setSave({ status: 'saved', version: result.version });
        } else if (result.kind === 'invalid') {
          setErrors(schemaErrorsByField(result.fieldErrors, draft.organisation));
          setSave({ status: 'invalid' });
        } else setSave({ status: 'stale', message: result.message });
      },
      (err: unknown) =>
        setSave({
          status: 'failed',
          message: err instanceof Error ? err.message : 'The settings could not be saved.',
        }),
    );
  };

  return (
    <Flex direction="column" gap="md">
      <Text variant="microcopy">Version {version === 0 ? '0 (defaults, never saved)' : version}</Text>
      <SettingsFields
        draft={draft}
        organisations={organisations}
        errors={errors}
        onChange={edit}
        pipelines={pipelines}
      />
      {save.status === 'saved' && (
        <Alert title="Settings saved" variant="success">
          Saved as version {save.version}. The sync uses them from now on.
        </Alert>
      )}
      {save.status === 'invalid' && (
        <Alert title="Some settings are not valid" variant="danger">
          Nothing was saved. Fix the fields marked in red.
        </Alert>
      )}
      {save.status === 'stale' && (
        <Alert title="Someone else saved these settings" variant="warning">
          {save.message}
          <Button variant="transparent" onClick={onReload}>
            Reload
          </Button>
        </Alert>
      )}
      {save.status === 'failed' && (
        <Alert title="The settings could not be saved" variant="danger">
          {save.message}
        </Alert>
      )}
      <LoadingButton variant="primary" loading={save.status === 'saving'} onClick={submit}>
        Save settings
      </LoadingButton>
    </Flex>
  );
}
