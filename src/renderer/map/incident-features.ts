/**
 * Incidents as map features: one lean point per case, for the clustered 'incidents' source
 * (map-layers.ts). Pure; the shell builds the collection when incidents change and MapView sends it
 * to MapLibre only when the collection object changes (setData serialises it on the main thread).
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import { caseClass } from '@core/incidents/classes';
import { deadlineState, type DeadlineState } from '@core/incidents/deadlines';
import { OPEN_STATUSES, type CaseKind, type Incident, type IncidentPriority, type IncidentStatus } from '@core/incidents/model';

export interface IncidentFeatureProps {
  /** Incident id; the source promotes it to the feature id (feature-state `selected`). */
  id: string;
  status: IncidentStatus;
  /** 1 while the case is open (collected … handled), else 0. */
  open: 0 | 1;
  kind: CaseKind;
  /** One character for the case's major category, drawn inside the circle (INCIDENT_GLYPHS). */
  glyph: string;
  priority: IncidentPriority;
  /** Where the case stands against its deadline now (deadlines.ts); closed ones: whether they closed late. */
  due: DeadlineState;
  /** 1 when the id is among the recent ones (first seen in the last feed batches), else 0. */
  recent: 0 | 1;
}

export type IncidentCollection = FeatureCollection<Point, IncidentFeatureProps>;

/**
 * The character drawn for each major category (GB/T 30428.2's 大类), chosen so no two majors
 * share one and each reads as its category at a glance:
 *
 * | major | category         | glyph |   | major | category         | glyph |
 * |-------|------------------|-------|---|-------|------------------|-------|
 * | 01    | 公用设施          | 设    |   | E01   | 市容环境（事件）   | 境    |
 * | 02    | 道路交通          | 路    |   | E02   | 宣传广告          | 广    |
 * | 03    | 市容环境（部件）   | 容    |   | E03   | 施工管理          | 施    |
 * | 04    | 园林绿化          | 绿    |   | E04   | 突发事件          | 急    |
 * | 05    | 房屋土地          | 房    |   | E05   | 街面秩序          | 街    |
 * | 06    | 其他设施          | 其    |   | E06   | 其他事件          | 他    |
 *
 * A category outside the classification (a feed's local code) gets its kind's "other" glyph.
 */
export const INCIDENT_GLYPHS: Readonly<Record<string, string>> = {
  '01': '设',
  '02': '路',
  '03': '容',
  '04': '绿',
  '05': '房',
  '06': '其',
  E01: '境',
  E02: '广',
  E03: '施',
  E04: '急',
  E05: '街',
  E06: '他',
};

/** Glyphs for a category the classification does not know. */
const OTHER_GLYPH: Record<CaseKind, string> = { component: '其', event: '他' };

const OPEN = new Set<IncidentStatus>(OPEN_STATUSES);

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/** The kind and glyph of a category code ('0101', 'E0503', or an unknown local code). */
export function incidentGlyph(category: string): { kind: CaseKind; glyph: string } {
  const cls = caseClass(category);
  const kind: CaseKind = cls?.kind ?? (category.startsWith('E') ? 'event' : 'component');
  const glyph = cls ? INCIDENT_GLYPHS[cls.majorCode] : undefined;
  return { kind, glyph: glyph ?? OTHER_GLYPH[kind] };
}

export interface IncidentFeatureOptions {
  /** Also draw closed, evaluated and rejected cases (default false: the map shows open cases). */
  includeClosed?: boolean;
}

/**
 * The map's incident points at `now` (ISO, the clock deadlines are judged by). Coordinates are
 * WGS-84 rounded to 6 decimals (~0.1 m); a case without a usable location is left out.
 */
export function incidentFeatures(
  incidents: Iterable<Incident>,
  now: string,
  recent: ReadonlySet<string>,
  options: IncidentFeatureOptions = {},
): IncidentCollection {
  const includeClosed = options.includeClosed ?? false;
  const features: Feature<Point, IncidentFeatureProps>[] = [];
  for (const incident of incidents) {
    const open = OPEN.has(incident.status);
    if (!open && !includeClosed) continue;
    const [lng, lat] = incident.location;
    if (!Number.isFinite(lng) || !Number.isFinite(lat)) continue;
    const { kind, glyph } = incidentGlyph(incident.category);
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [round6(lng), round6(lat)] },
      properties: {
        id: incident.id,
        status: incident.status,
        open: open ? 1 : 0,
        kind,
        glyph,
        priority: incident.priority,
        due: deadlineState(incident, now),
        recent: recent.has(incident.id) ? 1 : 0,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** Most pulsing markers on the map at once (each is a DOM element). */
export const PULSE_LIMIT = 12;

/**
 * The incidents that pulse: recent ones that are urgent (priority 1) or still unconfirmed
 * (collected), open ones only: urgent first, then the latest in `fc` (a collection built from the
 * incidents in the order they were first seen ends with the newest), at most `limit`. Positions
 * are as in `fc` (WGS-84, or the overlay CRS once converted).
 */
export function pulsingIncidents(
  fc: IncidentCollection,
  limit = PULSE_LIMIT,
): { id: string; lngLat: [number, number]; urgent: boolean }[] {
  const urgent: { id: string; lngLat: [number, number]; urgent: boolean }[] = [];
  const fresh: { id: string; lngLat: [number, number]; urgent: boolean }[] = [];
  for (let i = fc.features.length - 1; i >= 0; i--) {
    const f = fc.features[i];
    const p = f.properties;
    if (p.recent !== 1 || p.open !== 1) continue;
    const [lng, lat] = f.geometry.coordinates;
    if (p.priority === 1) urgent.push({ id: p.id, lngLat: [lng, lat], urgent: true });
    else if (p.status === 'collected') fresh.push({ id: p.id, lngLat: [lng, lat], urgent: false });
  }
  return [...urgent, ...fresh].slice(0, Math.max(0, limit));
}
