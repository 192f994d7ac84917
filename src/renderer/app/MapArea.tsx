/**
 * Hands the map what it draws and turns its callbacks into actions. The map never changes state
 * itself (see map-view-props.ts).
 */
import { useCallback } from 'react';
import type { GridCode } from '@core/model';
import { MapView } from '../map/MapView';
import { useAppState, useDispatch } from './app-context';

export function MapArea() {
  const dispatch = useDispatch();
  const district = useAppState((s) => s.district);
  const visibleLevels = useAppState((s) => s.visibleLevels);
  const choropleth = useAppState((s) => s.choropleth);
  const selected = useAppState((s) => s.selected);
  const basemap = useAppState((s) => s.basemap);
  const flyToToken = useAppState((s) => s.flyToToken);
  const language = useAppState((s) => s.language);
  const onSelect = useCallback((code: GridCode | null) => dispatch({ type: 'gridSelected', code }), [dispatch]);
  const onHover = useCallback((code: GridCode | null) => dispatch({ type: 'gridHovered', code }), [dispatch]);
  if (!district) return null;
  return (
    <MapView
      district={district}
      visibleLevels={visibleLevels}
      choropleth={choropleth}
      selectedCode={selected}
      basemap={basemap}
      flyToToken={flyToToken}
      language={language}
      onSelect={onSelect}
      onHover={onHover}
    />
  );
}
