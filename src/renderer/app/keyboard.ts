/**
 * The operator's keyboard: `/` focuses search, Esc peels dialog → search → selection, arrows step
 * through siblings, PageUp/PageDown go to the parent / first child. Keys typed into a text field,
 * select or editable element are left alone (apart from Esc), so typing never moves the map.
 */
import type { AppAction, AppState } from '@core/state';

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The focused element's tag (upper case) and whether it is editable. */
  targetTag: string;
  targetEditable: boolean;
}

export type KeyVerdict = { kind: 'dispatch'; action: AppAction } | { kind: 'focus-search' } | null;

const TEXT_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** What a key press means in the current state; null leaves it to the browser (or the map). */
export function interpretKey(input: KeyInput, state: Pick<AppState, 'dialog' | 'selected'>): KeyVerdict {
  if (input.ctrlKey || input.metaKey || input.altKey) return null;
  const typing = input.targetEditable || TEXT_TAGS.has(input.targetTag);
  if (input.key === 'Escape') return { kind: 'dispatch', action: { type: 'escapePressed' } };
  // Within a dialog, keys belong to the dialog's controls; native <dialog> handles focus.
  if (typing || state.dialog) return null;
  switch (input.key) {
    case '/':
      return { kind: 'focus-search' };
    case 'ArrowRight':
    case 'ArrowDown':
      return { kind: 'dispatch', action: { type: 'siblingStepped', direction: 1 } };
    case 'ArrowLeft':
    case 'ArrowUp':
      return { kind: 'dispatch', action: { type: 'siblingStepped', direction: -1 } };
    case 'PageUp':
      return state.selected ? { kind: 'dispatch', action: { type: 'parentSelected' } } : null;
    case 'PageDown':
      return state.selected ? { kind: 'dispatch', action: { type: 'childSelected' } } : null;
    default:
      return null;
  }
}
