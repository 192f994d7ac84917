/**
 * How often the map may redraw for live data. With a GPU a frame costs a few milliseconds; on a
 * software renderer (SwiftShader, llvmpipe: wall PCs without a GPU driver, the e2e suite's
 * headless Chromium) presenting one full-size frame blocks the page for ~200 ms, so moving the
 * workers every second would leave the operator's clicks and keys waiting.
 */

/** Worker positions move every second with a GPU. */
export const WORKER_TICK_MS = 1000;
/** …and every 3 s on a software renderer (a worker walks ~4 m in that time: invisible at district zoom). */
export const WORKER_TICK_SOFTWARE_MS = 3000;

/** True for the WebGL renderer strings of CPU rasterisers. */
export function isSoftwareRenderer(renderer: string | null | undefined): boolean {
  return !!renderer && /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
}

/** The interval of the workers layer for a WebGL renderer string (null when unknown). */
export function workerTickMs(renderer: string | null | undefined): number {
  return isSoftwareRenderer(renderer) ? WORKER_TICK_SOFTWARE_MS : WORKER_TICK_MS;
}

let cachedRenderer: string | null | undefined;

/** The WebGL renderer string of this machine, asked once from a throwaway context. */
export function webglRenderer(): string | null {
  if (cachedRenderer !== undefined) return cachedRenderer;
  cachedRenderer = null;
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (gl) {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      const name: unknown = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
      cachedRenderer = typeof name === 'string' ? name : null;
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch {
    // No WebGL at all: MapLibre will report that itself.
  }
  return cachedRenderer;
}
