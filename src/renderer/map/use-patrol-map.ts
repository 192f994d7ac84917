/**
 * The patrol layers' data from the app state (a React hook for MapArea): coverage shares at the
 * chosen level, the gap image turned into a blob URL, the buildings not visited for N days, grids
 * missing today's report, and the picked worker's track with its stops — all moved into the
 * basemap's coordinate system like every other overlay.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import * as turf from '@turf/turf';
import type { FeatureCollection, Polygon } from 'geojson';
import type { BasemapConfig } from '@core/basemap';
import type { CoverageGapImage } from '@core/patrol/coverage-report';
import { trackStops } from '@core/patrol/stops';
import { fixesBetween, trackLength } from '@core/patrol/tracks';
import type { AppState } from '@core/state';
import { useAppState } from '../app/app-context';
import { dailyReportRows } from '../panels/patrol/patrol-view-model';
import { lngLatToOverlayCrs, toOverlayCrs } from './overlay-crs';
import { reportMarks, stopPoints, trackEnds, trackKeyOf, trackLines, type PatrolMapState } from './patrol-layers';

/**
 * How long an old gap image's blob URL outlives its replacement: MapLibre may still be loading it
 * when a newer report arrives, and a URL revoked mid-load fails that load with an error.
 */
const REVOKE_AFTER_MS = 10_000;

/** A blob URL holding the gap image as PNG, revoked after the image changes; null while none. */
function useGapUrl(image: CoverageGapImage | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!image || typeof document === 'undefined') {
      setUrl(null);
      return;
    }
    let cancelled = false;
    let made: string | null = null;
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) {
      setUrl(null);
      return;
    }
    ctx.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
    canvas.toBlob((blob) => {
      if (cancelled || !blob) return;
      made = URL.createObjectURL(blob);
      setUrl(made);
    }, 'image/png');
    return () => {
      cancelled = true;
      const old = made;
      if (old) setTimeout(() => URL.revokeObjectURL(old), REVOKE_AFTER_MS);
    };
  }, [image]);
  return url;
}

const selectPatrol = (s: AppState) => s.patrol;
const selectView = (s: AppState) => s.patrolView;

/** The patrol layers' state for MapView, and where to keep the followed worker (overlay CRS). */
export function usePatrolMap(basemap: BasemapConfig): { patrol: PatrolMapState; followAt: [number, number] | null } {
  const patrol = useAppState(selectPatrol);
  const view = useAppState(selectView);
  const district = useAppState((s) => s.district);
  const hierarchy = useAppState((s) => s.hierarchy);
  const now = useAppState((s) => s.incidents.now);
  const report = view.report;
  const layers = view.layers;

  const coverage = useMemo(
    () => (layers.coverage && report ? { level: view.coverageLevel, shares: new Map(report.units.map((u) => [u.code as string, u.coveredShare])) } : null),
    [layers.coverage, report, view.coverageLevel],
  );
  const gapUrl = useGapUrl(layers.gaps && report ? report.gapImage : null);
  const gapImage = useMemo(() => {
    if (!gapUrl || !report?.gapImage) return null;
    const corners = report.gapImage.corners.map((c) => lngLatToOverlayCrs(c, basemap)) as CoverageGapImage['corners'];
    return { url: gapUrl, corners };
  }, [gapUrl, report, basemap]);
  const gapBuildings = useMemo(() => {
    if (!layers.gaps || !report || !district) return null;
    const gap = new Set(report.buildings.filter((b) => b.gap).map((b) => b.buildingId));
    const fc: FeatureCollection<Polygon> = {
      type: 'FeatureCollection',
      features: district.buildings.filter((b) => gap.has(b.id)).map((b) => ({ type: 'Feature', properties: { id: b.id }, geometry: b.footprint })),
    };
    return toOverlayCrs(fc, basemap);
  }, [layers.gaps, report, district, basemap]);

  // A label point per level-3 grid, found once per district (pointOnFeature is not free).
  const labelPoints = useMemo(() => {
    const points = new Map<string, [number, number]>();
    if (!district) return points;
    for (const g of district.grids) {
      if (g.level !== 3 || g.kind !== 'base') continue;
      const p = turf.pointOnFeature(turf.feature(g.geometry)).geometry.coordinates;
      const [x, y] = lngLatToOverlayCrs([p[0], p[1]], basemap);
      points.set(g.code, [x, y]);
    }
    return points;
  }, [district, basemap]);

  // Report marks change only when a report arrives, the cutoff passes, or the minute turns.
  const minute = Math.floor(Date.parse(now) / 60_000);
  const reports = useMemo(() => {
    // minute 0: the placeholder clock before the first tick (1970), which would mark every grid pending.
    if (!layers.reports || !district || !Number.isFinite(minute) || minute <= 0) return null;
    const rows = dailyReportRows(district, patrol.reports, minute * 60_000, view.settings.reportCutoffHour);
    return reportMarks(rows, (code) => labelPoints.get(code) ?? null, (code) => hierarchy?.get(code as never)?.name ?? code);
  }, [layers.reports, district, patrol.reports, minute, view.settings.reportCutoffHour, labelPoints, hierarchy]);

  // The track is rebuilt when the view changes or that worker's track grows, not on every batch
  // of other workers' fixes (patrol.tracks is a new object with each of them).
  const trackView = view.track;
  const shownTrack = layers.tracks ? trackView : null;
  const workerFixes = shownTrack ? trackLength(patrol.tracks, shownTrack.workerId) : 0;
  const tracksRef = useRef(patrol.tracks);
  tracksRef.current = patrol.tracks;
  const trackLayers = useMemo(() => {
    if (!shownTrack) return { track: null, stops: null, ends: null };
    const slice = fixesBetween(tracksRef.current, shownTrack.workerId, Date.parse(shownTrack.from), Date.parse(shownTrack.to));
    return {
      track: toOverlayCrs(trackLines(slice), basemap),
      stops: toOverlayCrs(stopPoints(trackStops(slice)), basemap),
      ends: toOverlayCrs(trackEnds(slice), basemap),
    };
    // workerFixes stands for the worker's track: it grows exactly when that track does.
  }, [shownTrack, workerFixes, basemap]);
  const trackKey = trackKeyOf(shownTrack);

  const followedId = view.followed;
  const followed = followedId ? patrol.latest.get(followedId) : undefined;
  const followAt = followed ? lngLatToOverlayCrs(followed.lngLat, basemap) : null;
  const state = useMemo<PatrolMapState>(
    () => ({ coverage, gapImage, gapBuildings, reports, track: trackLayers.track, stops: trackLayers.stops, trackEnds: trackLayers.ends, trackKey, followed: followedId }),
    [coverage, gapImage, gapBuildings, reports, trackLayers, trackKey, followedId],
  );
  return { patrol: state, followAt: followAt ? [followAt[0], followAt[1]] : null };
}
