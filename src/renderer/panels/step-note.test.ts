import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n';
import { stepNoteText } from './step-note';

describe('feed notes in the timeline', () => {
  const zh = createI18n('zh').t;
  const en = createI18n('en').t;

  it('words the feed’s own notes in the UI language, and leaves operators’ notes as written', () => {
    expect(stepNoteText({ kind: 'collected', by: 'feed', note: 'from patrol' }, zh)).toBe('来自网格员巡查');
    expect(stepNoteText({ kind: 'collected', by: 'feed', note: 'from hotline_12345; status registered as sent' }, en)).toBe('from 12345 hotline; sent as Registered');
    expect(stepNoteText({ kind: 'updated', by: 'feed', note: 'v2: description, priority 2→1' }, zh)).toBe('第 2 版：描述、优先级 2→1');
    expect(stepNoteText({ kind: 'updated', by: 'feed', note: 'v3: status registered→dispatched' }, zh)).toBe('第 3 版：状态 已立案→已派遣');
    expect(stepNoteText({ kind: 'updated', by: 'feed', note: 'v4: no change' }, en)).toBe('version 4: no change');
    expect(stepNoteText({ kind: 'handled', by: '张三', note: 'from patrol' }, zh)).toBe('from patrol');
    expect(stepNoteText({ kind: 'collected', by: 'feed' }, zh)).toBeNull();
  });
});
