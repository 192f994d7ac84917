/**
 * Everything that can happen to the app state, as plain serialisable-where-possible objects. One
 * action per named updater in ./reducer.ts; the names say what happened, not what to do.
 */
import type { BuildingInputRead } from '../allocate/building-input';
import type { DistrictAllocation } from '../allocate/district';
import type { BasemapConfig } from '../basemap';
import type { Crs } from '../crs';
import type { FeedConfig } from '../feed/feed-config';
import type { PropertyMapping } from '../import';
import type { District, GridCode, GridLevel } from '../model';
import type { ChoroplethMode } from '../stats';
import type { AllocationCommitInfo, AllocationFilter } from './allocation-wizard';
import type { Incident } from '../incidents/model';
import type { IncidentAction } from '../incidents/workflow';
import type { FeedStatusPatch, IncidentFilter, ReceivedMessage, RestoredFeed } from './incidents-state';
import type { DialogKind, SideTab, StatusKind } from './app-state';
import type { Language, LoadedSettings } from './settings';
import type { CoverageReport } from '../patrol/coverage-report';
import type { RestoredPatrol } from '../patrol/patrol-state';
import type { CoveragePeriod, PatrolLayer, PatrolSettings, TrackView } from './patrol-view';

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
  | { type: 'allocationOpened' }
  | { type: 'allocationClosed' }
  | { type: 'allocationRestarted' }
  | { type: 'allocationCrsChanged'; crs: Crs }
  | { type: 'allocationFileChosen'; fileName: string }
  | { type: 'allocationFileRead'; fileName: string; read: BuildingInputRead; notes: string[] }
  | { type: 'allocationFileFailed'; fileName: string; reason: string }
  | { type: 'allocationRunStarted'; total: number }
  | { type: 'allocationProgressed'; done: number; total: number }
  | { type: 'allocationRunFinished'; result: DistrictAllocation }
  | { type: 'allocationRunCancelled' }
  | { type: 'allocationRunFailed'; message: string }
  | { type: 'allocationReviewLeft' }
  | { type: 'allocationFilterChanged'; filter: AllocationFilter }
  | { type: 'allocationItemSelected'; id: string | null; fly?: boolean }
  | { type: 'allocationOverridden'; id: string; code: GridCode | null }
  | { type: 'allocationCommitStarted' }
  | { type: 'allocationCommitted'; district: District; info: Omit<AllocationCommitInfo, 'undone'> }
  | { type: 'allocationCommitFailed'; message: string }
  | { type: 'allocationUndone'; district: District; batchId: string }
  | { type: 'sideTabChanged'; tab: SideTab }
  /** Messages of one feed (`feedId`, default the demo feed) as received, in order. */
  | { type: 'feedBatchReceived'; batch: ReceivedMessage[]; feedId?: string }
  | { type: 'feedStatusChanged'; feedId: string; status: FeedStatusPatch }
  | { type: 'feedRemoved'; feedId: string }
  | { type: 'operatorSignedIn'; name: string }
  | { type: 'operatorSignedOut' }
  /** A configured feed added (new id) or changed (same id), already validated (parseFeedConfig). */
  | { type: 'feedConfigSaved'; config: FeedConfig }
  /** A configured feed deleted: its connector stops and its status leaves the view. */
  | { type: 'feedConfigRemoved'; feedId: string }
  /** A configured feed switched on or off (`enabled` omitted: the other way). */
  | { type: 'feedConfigToggled'; feedId: string; enabled?: boolean }
  | { type: 'incidentsRestored'; incidents: Incident[]; feeds: RestoredFeed[] }
  | { type: 'incidentActed'; id: string; action: IncidentAction }
  | { type: 'incidentSelected'; id: string | null; fly?: boolean }
  | { type: 'incidentFilterChanged'; filter: Partial<IncidentFilter> }
  | { type: 'incidentClockTicked'; now: string }
  | { type: 'busyChanged'; busy: boolean }
  | { type: 'statusShown'; kind: StatusKind; key: string; params?: Record<string, string | number> }
  | { type: 'statusDismissed'; id: number }
  // Patrol coverage view (./patrol-view.ts)
  | { type: 'patrolPeriodChanged'; period: CoveragePeriod; from?: string; to?: string }
  | { type: 'patrolSettingsChanged'; settings: Partial<PatrolSettings> }
  | { type: 'coverageRunStarted'; requestId: number }
  | { type: 'coverageProgressed'; requestId: number; fraction: number }
  | { type: 'coverageComputed'; requestId: number; report: CoverageReport }
  | { type: 'coverageFailed'; requestId: number; message: string }
  | { type: 'patrolLayerToggled'; layer: PatrolLayer; on?: boolean }
  | { type: 'coverageLevelChanged'; level: GridLevel }
  | { type: 'workerFollowed'; workerId: string | null }
  | { type: 'patrolWorkerSelected'; workerId: string | null }
  | { type: 'workerTrackShown'; track: TrackView | null }
  | { type: 'patrolRestored'; restored: RestoredPatrol };

export type AppActionType = AppAction['type'];
