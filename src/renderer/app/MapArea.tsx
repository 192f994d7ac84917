/**
 * Hands the map what it draws and turns its callbacks into actions. The map never changes state
 * itself (see map-view-props.ts).
 */
import { isWithin } from '@core/hierarchy';
import { useCallback, useMemo, useRef } from 'react';
import { leafUnitCodes } from '@core/allocate/wizard-output';
import type { GridCode } from '@core/model';
import { openIncidentsByGrid } from '@core/state';
import { sharedAllocationRows } from './allocation-rows';
import { previewFeatures } from '../map/allocation-preview';
import { latestPositions } from '@core/patrol';
import { fixAgeClock, liveWorkerPoints, type WorkerDetails } from '../map/patrol-layers';
import { usePatrolMap } from '../map/use-patrol-map';
import { IncidentLayerBuilder } from '../map/incident-features';
import { MapView } from '../map/MapView';
import { useAppState, useDispatch } from './app-context';

/**
 * `?mapUpdate=setdata` makes the map take every incident change whole (setData), as it did before
 * diffs: the naive baseline bench/ingest-chromium.mjs measures beside the real path.
 */
const MAP_UPDATES: 'diff' | 'setData' =
  typeof location !== 'undefined' && new URLSearchParams(location.search).get('mapUpdate') === 'setdata' ? 'setData' : 'diff';

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
  const wizard = useAppState((s) => s.allocation);
  const onPreviewPick = useCallback((id: string) => dispatch({ type: 'allocationItemSelected', id }), [dispatch]);
  // The wizard's buildings, while it is open with a file read: coloured once there is a result.
  // Only the file and the result change what is drawn; the pick goes through feature-state.
  const { open, input, result } = wizard;
  const showPreview = open && input !== null;
  const unitCodes = useMemo(() => (district ? leafUnitCodes(district) : []), [district]);
  const preview = useMemo(
    () => (showPreview ? previewFeatures(sharedAllocationRows(input, result), unitCodes) : undefined),
    [showPreview, input, result, unitCodes],
  );
  // Open incidents, kept up to date by the builder: only changed cases get new features, and the
  // map receives the diff. Recomputed when they change or the clock moves (deadlines).
  const incidents = useAppState((s) => s.incidents);
  const { byId, revision, now, recent } = incidents;
  const builder = useRef<IncidentLayerBuilder | null>(null);
  builder.current ??= new IncidentLayerBuilder();
  const incidentsFc = useMemo(() => {
    void revision;
    return (builder.current as IncidentLayerBuilder).next(byId, now, recent);
  }, [byId, revision, now, recent]);
  const onIncidentPick = useCallback((id: string) => dispatch({ type: 'incidentSelected', id }), [dispatch]);
  const openByGrid = useMemo(() => openIncidentsByGrid(byId.values()), [byId]);
  // Workers where the feeds last placed them, grey when stale, amber outside their own grid.
  const patrol = useAppState((s) => s.patrol);
  const staffById = useAppState((s) => s.staffById);
  const hierarchy = useAppState((s) => s.hierarchy);
  const views = useMemo(() => {
    if (!staffById || !hierarchy) return null;
    const nowMs = Date.parse(now);
    const within = (unit: GridCode, grid: GridCode): boolean => isWithin(hierarchy, unit, grid);
    return latestPositions(patrol, Number.isFinite(nowMs) ? nowMs : Date.now(), (id) => staffById.get(id as never)?.gridCode ?? null, within);
  }, [patrol, now, staffById, hierarchy]);
  const workers = useMemo(() => (views && staffById ? liveWorkerPoints(views, staffById) : undefined), [views, staffById]);
  // What the worker popup tells, names resolved; ages are told by the newest fix when it is ahead
  // of the half-minute app clock.
  const workerDetails = useMemo(() => {
    const details = new Map<string, WorkerDetails>();
    if (!views || !staffById || !hierarchy) return { details, clockMs: Date.parse(now) };
    const named = (code: GridCode | null | undefined): { code: string; name: string } | null => (code ? { code, name: hierarchy.get(code)?.name ?? code } : null);
    for (const v of views) {
      const staff = staffById.get(v.workerId as never);
      if (!staff) continue;
      details.set(v.workerId, {
        workerId: v.workerId,
        name: staff.name,
        role: staff.role,
        ownGrid: named(staff.gridCode),
        unit: named(v.fix.unit),
        heading: v.fix.heading,
        speed: v.fix.speed,
        t: v.fix.t,
        stale: v.stale,
        outside: v.outsideOwnGrid,
      });
    }
    return { details, clockMs: fixAgeClock(Date.parse(now), views.map((v) => v.fix.t)) };
  }, [views, staffById, hierarchy, now]);
  const onWorkerFollow = useCallback((workerId: string | null) => dispatch({ type: 'workerFollowed', workerId }), [dispatch]);
  // Patrol layers; while coverage shades the grids, the usual choropleth steps aside.
  const patrolMap = usePatrolMap(basemap);
  const coverageOn = useAppState((s) => s.patrolView.layers.coverage);
  const onFollowStop = useCallback(() => dispatch({ type: 'workerFollowed', workerId: null }), [dispatch]);
  if (!district) return null;
  return (
    <MapView
      district={district}
      visibleLevels={visibleLevels}
      choropleth={coverageOn ? 'none' : choropleth}
      selectedCode={selected}
      basemap={basemap}
      flyToToken={flyToToken}
      language={language}
      onSelect={onSelect}
      onHover={onHover}
      preview={preview}
      previewSelected={showPreview ? wizard.selectedItem : null}
      previewFlyToken={wizard.flyToken}
      onPreviewPick={showPreview ? onPreviewPick : undefined}
      incidents={incidentsFc}
      incidentUpdates={MAP_UPDATES}
      selectedIncident={incidents.selectedId}
      incidentFlyToken={incidents.flyToken}
      onIncidentPick={onIncidentPick}
      openIncidentsByGrid={openByGrid}
      workers={workers}
      patrol={patrolMap.patrol}
      followAt={patrolMap.followAt}
      onFollowStop={onFollowStop}
      workerDetails={workerDetails.details}
      workerClockMs={workerDetails.clockMs}
      onWorkerFollow={onWorkerFollow}
    />
  );
}
