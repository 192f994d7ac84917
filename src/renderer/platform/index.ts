/**
 * The platform behind the bridge API: the preload's `window.gridroom` in Electron, the browser
 * adapter elsewhere. Renderer code calls `getBridge()` and never checks which one it got.
 */
import type { GridroomBridge } from '@shared/bridge';
import { createBrowserBridge } from './browser';

let bridge: GridroomBridge | undefined;

/** The bridge for this page, chosen once (the preload runs before any page script). */
export function getBridge(): GridroomBridge {
  bridge ??= window.gridroom ?? createBrowserBridge();
  return bridge;
}
