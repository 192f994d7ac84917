import type { BasemapConfig } from '@core/basemap';
import type { District, GridCode, GridLevel } from '@core/model';
import type { ChoroplethMode } from '@core/stats';
import type { PreviewCollection } from './allocation-preview';
import type { FeatureCollection, Point } from 'geojson';
import type { WorkerFeatureProps } from './grid-features';
import type { IncidentCollection } from './incident-features';
import type { PatrolMapState, WorkerDetails } from './patrol-layers';

/** What the app shell hands the map. The map never changes state itself: it calls back. */
export interface MapViewProps {
  district: District;
  /** Which levels' grids are drawn (1 sub-district … 4 micro-grid); dedicated grids follow level 3. */
  visibleLevels: Record<GridLevel, boolean>;
  choropleth: ChoroplethMode;
  selectedCode: GridCode | null;
  basemap: BasemapConfig;
  /** Bumped by the shell whenever it wants the map to fly to `selectedCode` (search, breadcrumb, arrows). */
  flyToToken: number;
  /** UI language; picks label/legend language where the map shows UI text. */
  language: 'zh' | 'en';
  /** The allocation wizard's new buildings (WGS-84); absent when the wizard has none. */
  preview?: PreviewCollection;
  /** The building picked in the wizard (feature-state `selected` on the preview). */
  previewSelected?: string | null;
  /** Bumped when the map should fly to `previewSelected`. */
  previewFlyToken?: number;
  /** A previewed building was clicked: it takes the click instead of the grid under it. */
  onPreviewPick?(id: string): void;
  /**
   * Live incidents (WGS-84, from an IncidentLayerBuilder, which keeps the feature object of an
   * unchanged case); absent when none are shown. MapLibre gets only what changed since the
   * collection it last received (found by feature identity), one update at a time.
   */
  incidents?: IncidentCollection;
  /**
   * 'setData' sends every change whole and at once, as before diffs existed: the naive baseline
   * of the ingest benchmark (`?mapUpdate=setdata`). Default 'diff'.
   */
  incidentUpdates?: 'diff' | 'setData';
  /** The incident picked in the list or on the map (feature-state `selected`). */
  selectedIncident?: string | null;
  /** Bumped when the map should fly to `selectedIncident`. */
  incidentFlyToken?: number;
  /** A single incident was clicked: it takes the click before previewed buildings and grids. */
  onIncidentPick?(id: string): void;
  /**
   * Grid workers' latest positions from the feeds (WGS-84; liveWorkerPoints): stale ones grey,
   * those outside their own grid amber, an arrow where a `heading` ≥ 0 is given. Absent: no workers drawn.
   */
  workers?: FeatureCollection<Point, WorkerFeatureProps>;
  /** Open incidents per micro-grid code, for the 'open_incidents' choropleth (feature-state `open`). */
  openIncidentsByGrid?: ReadonlyMap<string, number>;
  /** The patrol layers, already in the overlay's coordinate system (./patrol-layers.ts). Absent: none. */
  patrol?: PatrolMapState;
  /** A followed worker's position (overlay CRS): the map eases there whenever it moves. */
  followAt?: [number, number] | null;
  /** The user dragged the map (or zoomed by dragging a box) while following: stop following. */
  onFollowStop?(): void;
  /**
   * What the popup of a clicked worker tells, by worker id (names resolved); absent: clicks on
   * workers open nothing. The popup follows its worker and is refreshed with this map.
   */
  workerDetails?: ReadonlyMap<string, WorkerDetails>;
  /** The clock (epoch ms) fix ages in the popup are told by (see fixAgeClock). */
  workerClockMs?: number;
  /** The popup's follow button: follow this worker, or stop (null). */
  onWorkerFollow?(workerId: string | null): void;
  onSelect(code: GridCode | null): void;
  onHover?(code: GridCode | null): void;
}
