/**
 * The patrol layers' data from the app state (a React hook for MapArea): coverage shares at the
 * chosen level, the gap image turned into a blob URL, the buildings not visited for N days, grids
 * missing today's report, and the picked worker's track with its stops — all moved into the
 * basemap's coordinate system like every other overlay.
 */
import { useEffect, useMemo, useState } from 'react';
import * as turf from '@turf/turf';
import type { FeatureCollection, Polygon } from 'geojson';
import type { BasemapConfig } from '@core/basemap';
import type { CoverageGapImage } from '@core/patrol/coverage-report';
import { trackStops } from '@core/patrol/stops';
import { fixesBetween } from '@core/patrol/tracks';
import type { AppState } from '@core/state';
import { useAppState } from '../app/app-context';
import { dailyReportRows } from '../panels/patrol/patrol-view-model';
import { lngLatToOverlayCrs, toOverlayCrs } from './overlay-crs';
import { reportMarks, stopPoints, trackLines, type PatrolMapState } from './patrol-layers';

/** A blob URL holding the gap image as PNG, revoked when the image changes; null while none. */
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
    if (!ctx) return;
    ctx.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
    canvas.toBlob((blob) => {
      if (cancelled || !blob) return;
      made = URL.createObjectURL(blob);
      setUrl(made);
    }, 'image/png');
    return () => {
      cancelled = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [image]);
  return url;
}

const selectPatrol = (s: AppState) => s.patrol;
const selectView = (s: AppState) => s.patrolView;

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

  // Report marks change only when a report arrives, the cutoff passes, or the minute turns.
  const minute = Math.floor(Date.parse(now) / 60_000);
  const reports = useMemo(() => {
    if (!layers.reports || !district || !Number.isFinite(minute)) return null;
    const rows = dailyReportRows(district, patrol.reports, minute * 60_000, view.settings.reportCutoffHour);
    const byCode = new Map(district.grids.map((g) => [g.code as string, g]));
    const pointOf = (code: string): [number, number] | null => {
      const g = byCode.get(code);
      if (!g) return null;
      const p = turf.pointOnFeature(turf.feature(g.geometry)).geometry.coordinates;
      const [x, y] = lngLatToOverlayCrs([p[0], p[1]], basemap);
      return [x, y];
    };
    return reportMarks(rows, pointOf, (code) => hierarchy?.get(code as never)?.name ?? code);
  }, [layers.reports, district, patrol.reports, minute, view.settings.reportCutoffHour, basemap, hierarchy]);

  const trackView = view.track;
  const { track, stops } = useMemo(() => {
    if (!layers.tracks || !trackView) return { track: null, stops: null };
    const slice = fixesBetween(patrol.tracks, trackView.workerId, Date.parse(trackView.from), Date.parse(trackView.to));
    return { track: toOverlayCrs(trackLines(slice), basemap), stops: toOverlayCrs(stopPoints(trackStops(slice)), basemap) };
  }, [layers.tracks, trackView, patrol.tracks, basemap]);

  const followed = view.followed ? patrol.latest.get(view.followed) : undefined;
  const followAt = followed ? lngLatToOverlayCrs(followed.lngLat, basemap) : null;
  const state = useMemo<PatrolMapState>(() => ({ coverage, gapImage, gapBuildings, reports, track, stops }), [coverage, gapImage, gapBuildings, reports, track, stops]);
  return { patrol: state, followAt: followAt ? [followAt[0], followAt[1]] : null };
}
