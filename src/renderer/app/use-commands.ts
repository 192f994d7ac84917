/**
 * Commands bound to this window's services and translator, for event handlers: `run(exportGrids)`.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from './app-context';
import type { CommandDeps } from './commands';

export type RunCommand = (command: (deps: CommandDeps) => Promise<void>) => void;

export function useCommands(): RunCommand {
  const { appStore, store, bridge } = useServices();
  const { t } = useTranslation('app');
  return useCallback<RunCommand>(
    (command) => {
      void command({ appStore, store, bridge, t });
    },
    [appStore, store, bridge, t],
  );
}
