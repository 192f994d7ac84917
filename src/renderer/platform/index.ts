/**
 * CONTRACT STUB (owner: electron helper). The platform behind the bridge API: the preload's
 * `window.gridroom` in Electron, the browser adapter elsewhere.
 */
import type { GridroomBridge } from '@shared/bridge';

export function getBridge(): GridroomBridge {
  throw new Error('not implemented');
}
