/**
 * CONTRACT STUB (owner: crs/import helper). User-configured basemaps: off by default, never
 * required (government networks are often offline).
 */
import type { Crs } from './crs';

export type BasemapConfig =
  | { kind: 'none' }
  | {
      kind: 'xyz-raster';
      /** Template with {z} {x} {y} (and optional {s} subdomains expanded by `subdomains`). */
      url: string;
      subdomains?: string[];
      tileSize: 256 | 512;
      crs: Crs;
      minzoom?: number;
      maxzoom?: number;
      attribution?: string;
    }
  | {
      kind: 'xyz-vector';
      /** Template of Mapbox Vector Tiles with {z} {x} {y}, in the OpenMapTiles schema. */
      url: string;
      crs: Crs;
      minzoom?: number;
      maxzoom?: number;
      attribution?: string;
    }
  | {
      kind: 'wmts';
      /** KVP or REST endpoint; REST templates use {TileMatrix} {TileRow} {TileCol}. */
      url: string;
      layer: string;
      tileMatrixSet: string;
      format: string;
      style?: string;
      /** Added to the map zoom to get the TileMatrix (Tianditu numbers its first level 1). */
      zoomOffset: number;
      /** Appended as tk=… (Tianditu) when set. */
      token?: string;
      tileSize: 256 | 512;
      crs: Crs;
      attribution?: string;
    };

export const NO_BASEMAP: BasemapConfig = { kind: 'none' };

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** Validates untrusted input (settings dialog, stored settings) into a BasemapConfig. */
export function parseBasemapConfig(input: unknown): ParseResult<BasemapConfig> {
  void input;
  throw new Error('not implemented');
}

/** The concrete URL of one tile (map zoom z, Web Mercator x/y), offsets and subdomains applied. */
export function resolveTileUrl(config: BasemapConfig, z: number, x: number, y: number): string {
  void config; void z; void x; void y;
  throw new Error('not implemented');
}

/** The coordinate system overlays must be drawn in to line up with this basemap. */
export function overlayCrs(config: BasemapConfig): Crs {
  void config;
  throw new Error('not implemented');
}
