/**
 * The Incidents panel's "Import incidents" button: picks a JSON Lines or CSV file of incidents and
 * feeds it through ingest as a feed of its own (renderer/feed/import-incident-file.ts). The
 * outcome shows as a toast. Disabled until the district is loaded (incidents need grids to land
 * in) and while its own import runs, so a double click does not import twice at once.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppState } from '../app/app-context';
import { importIncidents } from '../app/commands';
import { Icon } from '../app/Icon';
import { useCommands } from '../app/use-commands';

export interface ImportIncidentsButtonProps {
  /** Classes of the button, to match its neighbours where it is mounted; default a small button. */
  className?: string;
}

export function ImportIncidentsButton({ className = 'btn btn--small' }: ImportIncidentsButtonProps) {
  const { t } = useTranslation('incident-import');
  const run = useCommands();
  const ready = useAppState((s) => s.incidentLocator !== null);
  const [running, setRunning] = useState(false);
  return (
    <button
      type="button"
      className={className}
      data-testid="import-incidents-button"
      aria-busy={running}
      title={t('buttonTitle')}
      disabled={!ready || running}
      onClick={() => {
        setRunning(true);
        // Called straight from the click: the browser opens its file picker only during a user gesture.
        run(async (deps) => {
          try {
            await importIncidents(deps);
          } finally {
            setRunning(false);
          }
        });
      }}
    >
      <Icon name="upload" size={14} />
      <span>{t('button')}</span>
    </button>
  );
}
