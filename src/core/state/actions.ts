/**
 * Everything that can happen to the app state, as plain serialisable-where-possible objects. One
 * action per named updater in ./reducer.ts; the names say what happened, not what to do.
 */
import type { BasemapConfig } from '../basemap';
import type { Crs } from '../crs';
import type { PropertyMapping } from '../import';
import type { District, GridCode, GridLevel } from '../model';
import type { ChoroplethMode } from '../stats';
import type { DialogKind, StatusKind } from './app-state';
import type { Language, LoadedSettings } from './settings';

export type AppAction =
  | { type: 'districtLoaded'; district: District }
  | { type: 'districtLoadFailed'; message: string }
  | { type: 'settingsLoaded'; settings: LoadedSettings }
  | { type: 'mapReady' }
  | { type: 'gridSelected'; code: GridCode | null; fly?: boolean }
  | { type: 'selectionCleared' }
  | { type: 'gridHovered'; code: GridCode | null }
  | { type: 'levelToggled'; level: GridLevel }
  | { type: 'choroplethChanged'; mode: ChoroplethMode }
  | { type: 'basemapChanged'; config: BasemapConfig }
  | { type: 'languageChanged'; language: Language }
  | { type: 'languageToggled' }
  | { type: 'siblingStepped'; direction: 1 | -1 }
  | { type: 'parentSelected' }
  | { type: 'childSelected'; code?: GridCode }
  | { type: 'searchChanged'; query: string }
  | { type: 'searchCursorMoved'; delta: number }
  | { type: 'searchResultPicked'; code?: GridCode }
  | { type: 'searchCleared' }
  | { type: 'escapePressed' }
  | { type: 'dialogOpened'; dialog: DialogKind }
  | { type: 'dialogClosed' }
  | { type: 'importFileOpened'; fileName: string; text: string }
  | { type: 'importMappingChanged'; mapping: PropertyMapping }
  | { type: 'importCrsChanged'; crs: Crs }
  | { type: 'importValidated' }
  | { type: 'importStarted' }
  | { type: 'importSucceeded'; district: District; count: number }
  | { type: 'importFailed'; message: string }
  | { type: 'busyChanged'; busy: boolean }
  | { type: 'statusShown'; kind: StatusKind; key: string; params?: Record<string, string | number> }
  | { type: 'statusDismissed'; id: number };

export type AppActionType = AppAction['type'];
