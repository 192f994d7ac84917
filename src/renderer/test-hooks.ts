import type { Map as MaplibreMap } from 'maplibre-gl';
import type { ReceivedMessage } from '@core/state/incidents-state';

/**
 * Read-only handles the e2e suite (and a curious operator in devtools) can reach as
 * `window.__gridroom`. They grant nothing the page could not do anyway: the renderer holds no
 * privileges (sandbox, contextIsolation), so exposing them costs no security.
 */
export interface GridroomTestHooks {
  /** The MapLibre map, once created. */
  map: MaplibreMap | null;
  /** ms from navigation start to the first `idle` with grid features rendered. */
  firstMapRenderMs: number | null;
  /** True once the district is loaded and the map has rendered grids. */
  ready: boolean;
  /** A snapshot of the app state (selected code, levels, choropleth, language…). */
  getState: (() => unknown) | null;
  /**
   * Delivers raw feed messages to the app as one `feedBatchReceived`, the path a feed connector
   * takes (validate, assign grid, persist, update the map). For tests and benchmarks
   * (bench/ingest-chromium.mjs); the page could dispatch the same itself, so it grants nothing.
   */
  feed: ((batch: readonly ReceivedMessage[]) => void) | null;
}

declare global {
  interface Window {
    __gridroom?: GridroomTestHooks;
  }
}

/** The single hooks object, created on first use. */
export function testHooks(): GridroomTestHooks {
  if (!window.__gridroom) {
    window.__gridroom = { map: null, firstMapRenderMs: null, ready: false, getState: null, feed: null };
  }
  return window.__gridroom;
}
