/**
 * `window.gridroom` is the bridge the Electron preload exposes. It is optional because the same
 * renderer also runs in a plain browser (wall displays, e2e), where it is absent; code should go
 * through `getBridge()` in src/renderer/platform rather than read it directly.
 */
import type { GridroomBridge } from './bridge';

declare global {
  interface Window {
    gridroom?: GridroomBridge;
  }
}

export {};
