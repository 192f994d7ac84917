import type { BasemapConfig } from '@core/basemap';
import type { District, GridCode, GridLevel } from '@core/model';
import type { ChoroplethMode } from '@core/stats';

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
  onSelect(code: GridCode | null): void;
  onHover?(code: GridCode | null): void;
}
