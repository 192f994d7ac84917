/**
 * Incidents as map features: one lean point per case, for the clustered 'incidents' source
 * (map-layers.ts). `incidentFeatures` builds a whole collection (pure); `IncidentLayerBuilder`
 * keeps one up to date as incidents change, reusing the features of unchanged cases, so MapView
 * can hand MapLibre only the change (`incidentDiff` → `updateData`) instead of the whole collection
 * (`setData` clones every feature to the worker on the main thread).
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
    const f = incidentFeature(incident, now, recent, includeClosed);
    if (f) features.push(f);
  }
  return { type: 'FeatureCollection', features };
}

type IncidentFeature = Feature<Point, IncidentFeatureProps>;

/** One incident's point, or null when it is not drawn (closed, or no usable location). */
function incidentFeature(incident: Incident, now: string, recent: ReadonlySet<string>, includeClosed: boolean): IncidentFeature | null {
  const open = OPEN.has(incident.status);
  if (!open && !includeClosed) return null;
  const [lng, lat] = incident.location;
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) return null;
  const { kind, glyph } = incidentGlyph(incident.category);
  return {
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
  };
}

/** Whether two features of the same incident draw the same (same place, same props). */
function sameFeature(a: IncidentFeature, b: IncidentFeature): boolean {
  const pa = a.properties;
  const pb = b.properties;
  return (
    a.geometry.coordinates[0] === b.geometry.coordinates[0] &&
    a.geometry.coordinates[1] === b.geometry.coordinates[1] &&
    pa.status === pb.status &&
    pa.open === pb.open &&
    pa.kind === pb.kind &&
    pa.glyph === pb.glyph &&
    pa.priority === pb.priority &&
    pa.due === pb.due &&
    pa.recent === pb.recent
  );
}

/** What changed between two incident collections: features added or replaced, ids removed. */
export interface IncidentDiff {
  /** New features, and features that replace the one with their id. */
  add: IncidentFeature[];
  remove: string[];
}

/**
 * The change from `from` to `to`, found by feature identity (IncidentLayerBuilder reuses the
 * feature object of an unchanged case, so only changed cases differ) and, where objects differ,
 * by content: O(n) pointer comparisons plus a property check per replaced feature.
 * Applying it the way MapLibre's `updateData` does (remove, then add; an added id that exists
 * replaces it) turns `from` into `to`.
 */
export function incidentDiff(from: IncidentCollection, to: IncidentCollection): IncidentDiff {
  const before = new Map<string, IncidentFeature>();
  for (const f of from.features) before.set(f.properties.id, f);
  const add: IncidentFeature[] = [];
  for (const f of to.features) {
    const id = f.properties.id;
    const prev = before.get(id);
    // Identity first (cheap); a new object that draws the same (a deadline state that flipped and
    // flipped back between two updates the map took) is no change to send.
    if (prev !== f && !(prev && sameFeature(prev, f))) add.push(f);
    before.delete(id);
  }
  return { add, remove: [...before.keys()] };
}

export const EMPTY_INCIDENTS: IncidentCollection = { type: 'FeatureCollection', features: [] };

/**
 * Keeps the map's incident collection up to date with the fewest new features. Each `next` call
 * compares the incidents by object identity with those the features were built from (incidents
 * are immutable: an unchanged case is the same object), rebuilds a feature only for a changed case
 * (or for every open one when the clock moved, keeping the old feature when it draws the same),
 * and returns the same collection object when nothing on the map changed. An unchanged case keeps
 * its feature object, which is what lets `incidentDiff` find the change by identity. Features stay
 * in the order the cases were first drawn (newest last), as `pulsingIncidents` expects.
 *
 * Cost per call: one pass over the incidents by identity (no allocation for unchanged ones), plus
 * the new features; the collection's array is rebuilt only when something changed.
 */
export class IncidentLayerBuilder {
  private readonly includeClosed: boolean;
  /** Per drawn incident id: the incident object the feature was built from, and the feature. */
  private drawn = new Map<string, { incident: Incident; feature: IncidentFeature; seen: number }>();
  private fc: IncidentCollection = EMPTY_INCIDENTS;
  private now = '';
  private recent: ReadonlySet<string> = new Set();
  private pass = 0;

  constructor(options: IncidentFeatureOptions = {}) {
    this.includeClosed = options.includeClosed ?? false;
  }

  /** The collection for these incidents at `now` with these recent ids (see the class comment). */
  next(incidents: ReadonlyMap<string, Incident>, now: string, recentIds: readonly string[]): IncidentCollection {
    const recent = new Set(recentIds);
    const clockMoved = now !== this.now;
    // Cases that entered or left the recent set must be redrawn (their pulse flag).
    const recentFlipped = new Set<string>();
    for (const id of recent) if (!this.recent.has(id)) recentFlipped.add(id);
    for (const id of this.recent) if (!recent.has(id)) recentFlipped.add(id);
    this.now = now;
    this.recent = recent;
    const pass = ++this.pass;
    let changed = false;
    let kept = 0;

    for (const [id, incident] of incidents) {
      const entry = this.drawn.get(id);
      if (entry && entry.incident === incident && !clockMoved && !recentFlipped.has(id)) {
        entry.seen = pass;
        kept++;
        continue;
      }
      const feature = incidentFeature(incident, now, recent, this.includeClosed);
      if (!feature) continue; // not drawn; an entry left unseen is removed below
      if (!entry) {
        this.drawn.set(id, { incident, feature, seen: pass });
        changed = true;
      } else {
        entry.incident = incident;
        entry.seen = pass;
        if (!sameFeature(entry.feature, feature)) {
          entry.feature = feature;
          changed = true;
        }
      }
      kept++;
    }
    if (this.drawn.size > kept) {
      for (const [id, entry] of this.drawn) {
        if (entry.seen === pass) continue;
        this.drawn.delete(id);
        changed = true;
      }
    }
    if (!changed) return this.fc;
    this.fc = { type: 'FeatureCollection', features: Array.from(this.drawn.values(), (e) => e.feature) };
    return this.fc;
  }
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

/**
 * Draws collections in another coordinate system (GCJ-02, BD-09 basemaps): each feature is
 * converted once and the converted one reused while its source feature lives (WeakMap), so
 * feature identity (and with it `incidentDiff`) survives the conversion. `convert` null means no
 * conversion: collections pass through. A new `key` (another system) starts a fresh cache.
 */
export class IncidentProjector {
  private key: string | null = null;
  private cache = new WeakMap<IncidentFeature, IncidentFeature>();
  private last: { src: IncidentCollection; out: IncidentCollection } | null = null;

  project(fc: IncidentCollection, key: string, convert: ((p: [number, number]) => [number, number]) | null): IncidentCollection {
    if (key !== this.key) {
      this.key = key;
      this.cache = new WeakMap();
      this.last = null;
    }
    if (!convert) return fc;
    if (this.last?.src === fc) return this.last.out;
    const out: IncidentCollection = {
      type: 'FeatureCollection',
      features: fc.features.map((f) => {
        let converted = this.cache.get(f);
        if (!converted) {
          const [x, y] = convert(f.geometry.coordinates as [number, number]);
          converted = { ...f, geometry: { type: 'Point', coordinates: [round6(x), round6(y)] } };
          this.cache.set(f, converted);
        }
        return converted;
      }),
    };
    this.last = { src: fc, out };
    return out;
  }
}
