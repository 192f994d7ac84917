/**
 * The `gridroom-tile://key/z/x/y` protocol: MapLibre asks it for WMTS tiles, and it works out the
 * real URL with core `resolveTileUrl` (which applies the TileMatrix zoom offset, e.g. Tianditu's
 * first level being 1, REST/KVP templates and the token) before fetching the bytes.
 */
import * as maplibregl from 'maplibre-gl';
import type { AddProtocolAction } from 'maplibre-gl';
import { resolveTileUrl, type BasemapConfig } from '@core/basemap';
import { basemapKey, parseProtocolUrl, TILE_PROTOCOL } from './basemap-style';

const configs = new Map<string, BasemapConfig>();
let registered = false;

const loadTile: AddProtocolAction = async (params, abortController) => {
  const parsed = parseProtocolUrl(params.url);
  const config = parsed ? configs.get(parsed.key) : undefined;
  if (!parsed || !config) throw new Error(`No basemap is configured for ${params.url}`);
  const url = resolveTileUrl(config, parsed.z, parsed.x, parsed.y);
  const response = await fetch(url, { signal: abortController.signal });
  if (!response.ok) throw new Error(`Tile ${url}: HTTP ${response.status}`);
  return { data: await response.arrayBuffer() };
};

/**
 * Makes a basemap reachable through the protocol (registering the protocol on first use) and
 * returns its key. Harmless for basemaps that do not use the protocol.
 */
export function registerBasemap(config: BasemapConfig): string {
  if (!registered) {
    maplibregl.addProtocol(TILE_PROTOCOL, loadTile);
    registered = true;
  }
  const key = basemapKey(config);
  configs.set(key, config);
  return key;
}
