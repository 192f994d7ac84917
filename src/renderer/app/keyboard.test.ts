import { describe, expect, it } from 'vitest';
import { asGridCode } from '@core/model';
import { interpretKey, type KeyInput } from './keyboard';

const key = (k: string, patch: Partial<KeyInput> = {}): KeyInput => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  targetTag: 'BODY',
  targetEditable: false,
  ...patch,
});
const idle = { dialog: null, selected: null };
const selected = { dialog: null, selected: asGridCode('ZY-01') };

describe('interpretKey', () => {
  it('/ focuses search, except while typing', () => {
    expect(interpretKey(key('/'), idle)).toEqual({ kind: 'focus-search' });
    expect(interpretKey(key('/', { targetTag: 'INPUT' }), idle)).toBeNull();
    expect(interpretKey(key('/', { targetEditable: true, targetTag: 'DIV' }), idle)).toBeNull();
  });

  it('Esc always peels, even from a text field', () => {
    expect(interpretKey(key('Escape', { targetTag: 'INPUT' }), idle)).toEqual({ kind: 'dispatch', action: { type: 'escapePressed' } });
  });

  it('arrows step siblings, not while typing or in a dialog', () => {
    expect(interpretKey(key('ArrowRight'), selected)).toEqual({ kind: 'dispatch', action: { type: 'siblingStepped', direction: 1 } });
    expect(interpretKey(key('ArrowDown'), selected)).toEqual({ kind: 'dispatch', action: { type: 'siblingStepped', direction: 1 } });
    expect(interpretKey(key('ArrowLeft'), selected)).toEqual({ kind: 'dispatch', action: { type: 'siblingStepped', direction: -1 } });
    expect(interpretKey(key('ArrowUp'), selected)).toEqual({ kind: 'dispatch', action: { type: 'siblingStepped', direction: -1 } });
    expect(interpretKey(key('ArrowRight', { targetTag: 'SELECT' }), selected)).toBeNull();
    expect(interpretKey(key('ArrowRight'), { ...selected, dialog: 'import' })).toBeNull();
  });

  it('PageUp/PageDown move up and down the hierarchy when something is selected', () => {
    expect(interpretKey(key('PageUp'), selected)).toEqual({ kind: 'dispatch', action: { type: 'parentSelected' } });
    expect(interpretKey(key('PageDown'), selected)).toEqual({ kind: 'dispatch', action: { type: 'childSelected' } });
    expect(interpretKey(key('PageUp'), idle)).toBeNull();
  });

  it('leaves modified keys and other keys alone', () => {
    expect(interpretKey(key('ArrowRight', { ctrlKey: true }), selected)).toBeNull();
    expect(interpretKey(key('a'), selected)).toBeNull();
  });
});
