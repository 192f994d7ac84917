/**
 * Live incidents in the side column: every feed's health (with its rejected messages), filters, a virtualised list (overdue first)
 * with keyboard navigation, and the picked incident's detail with its timeline and the workflow
 * actions its status allows. It reads state and dispatches; the workflow lives in core.
 */
import { useMemo, useRef, useEffect, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import {
  CASE_MAJORS,
  DEPARTMENTS,
  INCIDENT_SOURCES,
  INCIDENT_STATUSES,
  addHours,
  allowedActions,
  caseClass,
  caseMajor,
  deadlineState,
  department,
  type Assignee,
  type Incident,
  type IncidentAction,
  type WorkflowActionName,
} from '@core/incidents';
import type { GridCode } from '@core/model';
import { incidentCounts, incidentList, type IncidentFilter } from '@core/state';
import { useAppState, useDispatch } from '../app/app-context';
import { formatCount } from '../app/format';
import { feedRows } from '../feed/feed-status-view';
import { ImportIncidentsButton } from './ImportIncidentsButton';
import { stepNoteText } from './step-note';
import { FeedStatusRow, RejectedList, useFeedName, useNow } from './FeedStatus';

const ROW_PX = 52;
/** Who an operator's actions are recorded as while nobody is signed in at this workstation. */
const UNSIGNED_OPERATOR = '值班员';

function useParentOf(): (code: GridCode) => GridCode | null {
  const hierarchy = useAppState((s) => s.hierarchy);
  return useMemo(() => (code: GridCode) => hierarchy?.get(code)?.parentCode ?? null, [hierarchy]);
}

export function IncidentsPanel() {
  const { t } = useTranslation('app');
  const incidents = useAppState((s) => s.incidents);
  const language = useAppState((s) => s.language);
  const parentOf = useParentOf();
  const list = useMemo(() => incidentList(incidents, parentOf), [incidents, parentOf]);
  const counts = useMemo(() => incidentCounts(incidents), [incidents]);
  const selected = incidents.selectedId ? incidents.byId.get(incidents.selectedId) : undefined;
  const n = (v: number): string => formatCount(v, language);
  return (
    <section className="panel incidents" data-testid="incidents-panel" aria-label={t('incidents.title')}>
      <header className="incidents__head">
        <div className="incidents__kpis">
          <span data-testid="incidents-open" data-value={counts.open}>
            {t('incidents.open')} <strong className="tabular">{n(counts.open)}</strong>
          </span>
          <span data-testid="incidents-overdue" data-value={counts.overdue} className={counts.overdue > 0 ? 'is-bad' : ''}>
            {t('incidents.overdue')} <strong className="tabular">{n(counts.overdue)}</strong>
          </span>
          <span data-testid="incidents-urgent" data-value={counts.urgent}>
            {t('incidents.urgent')} <strong className="tabular">{n(counts.urgent)}</strong>
          </span>
        </div>
        <FeedStrip />
        <Filters filter={incidents.filter} />
        <DrillChips filter={incidents.filter} />
      </header>
      <IncidentList list={list} selectedId={incidents.selectedId} now={incidents.now} />
      {selected && <IncidentDetail incident={selected} now={incidents.now} />}
    </section>
  );
}

/**
 * Every feed's health in a few lines, a button to the Feeds dialog, and the rejected messages of
 * one feed when its "rejected" button is pressed.
 */
function FeedStrip() {
  const { t } = useTranslation('feeds');
  const dispatch = useDispatch();
  const feeds = useAppState((s) => s.incidents.feeds);
  const configs = useAppState((s) => s.feedConfigs);
  const rows = useMemo(() => feedRows(feeds, configs), [feeds, configs]);
  const now = useNow(1000);
  const name = useFeedName();
  const [rejectedOf, setRejectedOf] = useState<string | null>(null);
  const open = rows.find((r) => r.id === rejectedOf);
  return (
    <div className="feed-strip" data-testid="feed-strip">
      <div className="feed-strip__rows">
        {rows.length === 0 && <p className="muted feed-strip__none">{t('none')}</p>}
        {rows.map((row) => (
          <FeedStatusRow
            key={row.id}
            row={row}
            now={now}
            rejectedOpen={rejectedOf === row.id}
            onToggleRejected={() => setRejectedOf((id) => (id === row.id ? null : row.id))}
          />
        ))}
      </div>
      <ImportIncidentsButton />
      <button type="button" className="btn btn--small feed-strip__open" data-testid="feeds-open" title={t('openHint')} onClick={() => dispatch({ type: 'dialogOpened', dialog: 'feeds' })}>
        {t('open')}
      </button>
      {open && <RejectedList view={open.view} name={name(open)} onClose={() => setRejectedOf(null)} />}
    </div>
  );
}

/**
 * The narrowing a dashboard drill (or a grid's "its incidents") set that the selects above do not
 * show: unit, class, department, reporting window. Each chip says what it keeps and clears it.
 */
function DrillChips({ filter }: { filter: IncidentFilter }) {
  const { t } = useTranslation('app');
  const dispatch = useDispatch();
  const language = useAppState((s) => s.language);
  const hierarchy = useAppState((s) => s.hierarchy);
  const set = (patch: Partial<IncidentFilter>): void => dispatch({ type: 'incidentFilterChanged', filter: patch });
  const chips: { key: string; text: string; clear: Partial<IncidentFilter> }[] = [];
  if (filter.grid !== null) chips.push({ key: 'grid', text: t('incidents.drill.grid', { name: hierarchy?.get(filter.grid)?.name ?? filter.grid }), clear: { grid: null } });
  if (filter.category !== null) {
    const cls = caseClass(filter.category);
    const major = cls ? null : caseMajor(filter.category);
    // Majors share names across kinds (市容环境 is both a component and an event major): say which.
    const name = cls
      ? language === 'zh'
        ? cls.zh
        : cls.en
      : major
        ? `${t(`incidents.kind.${major.kind}`)} · ${language === 'zh' ? major.zh : major.en}`
        : filter.category;
    chips.push({ key: 'category', text: t('incidents.drill.category', { name }), clear: { category: null } });
  }
  if (filter.department !== null) {
    const d = department(filter.department);
    chips.push({ key: 'department', text: t('incidents.drill.department', { name: d ? (language === 'zh' ? d.name : d.nameEn) : filter.department }), clear: { department: null } });
  }
  if (filter.reported !== null) {
    const fmt = (iso: string): string =>
      new Date(iso).toLocaleString(language === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    chips.push({ key: 'reported', text: t('incidents.drill.reported', { from: fmt(filter.reported.from), to: fmt(filter.reported.to) }), clear: { reported: null } });
  }
  if (chips.length === 0) return null;
  return (
    <div className="incidents__chips" data-testid="incident-drill-chips">
      {chips.map((c) => (
        <button key={c.key} type="button" className="chip" data-testid={`incident-drill-${c.key}`} title={t('incidents.drill.clearOne')} onClick={() => set(c.clear)}>
          {c.text} <span aria-hidden="true">×</span>
        </button>
      ))}
      {chips.length > 1 && (
        <button type="button" className="chip chip--plain" data-testid="incident-drill-clear" onClick={() => set({ grid: null, category: null, department: null, reported: null })}>
          {t('incidents.drill.clearAll')}
        </button>
      )}
    </div>
  );
}

function Filters({ filter }: { filter: IncidentFilter }) {
  const { t } = useTranslation('app');
  const dispatch = useDispatch();
  const language = useAppState((s) => s.language);
  // A major picked here shows as itself; a single class (a dashboard drill) as "other" (its chip names it).
  const classValue =
    filter.category === null ? filter.kind : CASE_MAJORS.some((m) => m.code === filter.category) ? `major:${filter.category}` : 'other';
  const set = (patch: Partial<IncidentFilter>): void => dispatch({ type: 'incidentFilterChanged', filter: patch });
  return (
    <div className="incidents__filters">
      <select className="select" data-testid="incident-filter-status" value={filter.status} aria-label={t('incidents.filter.status')} onChange={(e) => set({ status: e.target.value as IncidentFilter['status'] })}>
        <option value="open">{t('incidents.filter.open')}</option>
        <option value="all">{t('incidents.filter.all')}</option>
        {INCIDENT_STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`incidents.status.${s}`)}
          </option>
        ))}
      </select>
      {/* Kind (部件/事件) or one major class (大类): one select, as GB/T 30428 nests them. */}
      <select
        className="select"
        data-testid="incident-filter-kind"
        value={classValue}
        aria-label={t('incidents.filter.kind')}
        onChange={(e) => {
          const v = e.target.value;
          if (v.startsWith('major:')) set({ kind: 'all', category: v.slice('major:'.length) });
          else if (v !== 'other') set({ kind: v as IncidentFilter['kind'], category: null });
        }}
      >
        <option value="all">{t('incidents.filter.anyKind')}</option>
        {(['component', 'event'] as const).map((kind) => (
          <optgroup key={kind} label={t(`incidents.kind.${kind}`)}>
            <option value={kind}>{t(`incidents.filter.all_${kind}`)}</option>
            {CASE_MAJORS.filter((m) => m.kind === kind).map((m) => (
              <option key={m.code} value={`major:${m.code}`}>
                {language === 'zh' ? m.zh : m.en}
              </option>
            ))}
          </optgroup>
        ))}
        {classValue === 'other' && <option value="other">{t('incidents.filter.otherClass')}</option>}
      </select>
      <select className="select" data-testid="incident-filter-source" value={filter.source} aria-label={t('incidents.filter.source')} onChange={(e) => set({ source: e.target.value as IncidentFilter['source'] })}>
        <option value="all">{t('incidents.filter.anySource')}</option>
        {INCIDENT_SOURCES.map((s) => (
          <option key={s} value={s}>
            {t(`incidents.source.${s}`)}
          </option>
        ))}
      </select>
      <label className="check">
        <input type="checkbox" data-testid="incident-filter-overdue" checked={filter.overdueOnly} onChange={(e) => set({ overdueOnly: e.target.checked })} />
        {t('incidents.filter.overdueOnly')}
      </label>
    </div>
  );
}

function timeOf(iso: string | null, language: 'zh' | 'en'): string {
  if (!iso) return '—';
  // The ISO text carries the sender's offset; show its local wall time (hh:mm, and the date when not today's).
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!m) return iso;
  return language === 'zh' ? `${Number(m[2])}月${Number(m[3])}日 ${m[4]}:${m[5]}` : `${m[2]}-${m[3]} ${m[4]}:${m[5]}`;
}

function IncidentList({ list, selectedId, now }: { list: readonly Incident[]; selectedId: string | null; now: string }) {
  const { t } = useTranslation('app');
  const dispatch = useDispatch();
  const language = useAppState((s) => s.language);
  const hierarchy = useAppState((s) => s.hierarchy);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: list.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_PX, overscan: 8 });
  const index = selectedId ? list.findIndex((i) => i.id === selectedId) : -1;
  useEffect(() => {
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [index, virtualizer]);
  const pick = (i: number): void => {
    const incident = list[i];
    if (incident) dispatch({ type: 'incidentSelected', id: incident.id, fly: true });
  };
  const onKeyDown = (e: React.KeyboardEvent): void => {
    const step: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 8, PageUp: -8 };
    if (!(e.key in step) || list.length === 0) return;
    e.preventDefault();
    e.stopPropagation();
    pick(Math.max(0, Math.min(list.length - 1, (index < 0 ? -1 : index) + step[e.key])));
  };
  return (
    <div ref={scrollRef} className="incident-list" role="listbox" tabIndex={0} aria-label={t('incidents.listLabel')} data-testid="incident-list" data-rows={list.length} onKeyDown={onKeyDown}>
      {list.length === 0 ? (
        <p className="muted incident-list__empty">{t('incidents.none')}</p>
      ) : (
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const incident = list[v.index];
            const due = deadlineState(incident, now);
            const cls = caseClass(incident.category);
            return (
              <div
                key={incident.id}
                role="option"
                aria-selected={incident.id === selectedId}
                className={`incident-row ${incident.id === selectedId ? 'is-selected' : ''} due-${due} prio-${incident.priority}`}
                data-testid="incident-row"
                data-id={incident.id}
                data-status={incident.status}
                data-due={due}
                style={{ height: ROW_PX, transform: `translateY(${v.start}px)` }}
                onClick={() => pick(v.index)}
              >
                <span className={`status-dot status-dot--${incident.status}`} aria-hidden="true" />
                <span className="incident-row__main">
                  <span className="incident-row__title" title={incident.title}>
                    {incident.priority === 1 && <span className="chip chip--bad">{t('incidents.urgentShort')}</span>} {incident.title}
                  </span>
                  <span className="incident-row__meta muted">
                    {(language === 'zh' ? cls?.zh : cls?.en) ?? incident.category} · {incident.gridCode ? (hierarchy?.get(incident.gridCode)?.name ?? incident.gridCode) : t('incidents.noGrid')} · {timeOf(incident.reportedAt, language)}
                  </span>
                </span>
                <span className="incident-row__side">
                  <span className={`status-badge incident-status--${incident.status}`}>{t(`incidents.status.${incident.status}`)}</span>
                  {due === 'overdue' || due === 'near_due' ? <span className={`due-badge due-badge--${due}`}>{t(`incidents.due.${due}`)}</span> : null}
                </span>
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

function assigneeText(a: Assignee | null, names: (code: GridCode) => string, language: 'zh' | 'en'): string {
  if (!a) return '—';
  if (a.kind === 'grid') return names(a.code);
  const d = department(a.id);
  return d ? (language === 'zh' ? d.name : d.nameEn) : a.id;
}

/** Actions that need a note before they can be sent. */
const NEEDS_NOTE: ReadonlySet<WorkflowActionName> = new Set<WorkflowActionName>(['reject', 'mark_handled', 'rework']);

function IncidentDetail({ incident, now }: { incident: Incident; now: string }) {
  const { t } = useTranslation('app');
  const dispatch = useDispatch();
  const language = useAppState((s) => s.language);
  const hierarchy = useAppState((s) => s.hierarchy);
  const district = useAppState((s) => s.district);
  const operator = useAppState((s) => s.operator);
  const [note, setNote] = useState('');
  const [target, setTarget] = useState('');
  const names = (code: GridCode): string => hierarchy?.get(code)?.name ?? code;
  const cls = caseClass(incident.category);
  const major = cls ? caseMajor(cls.majorCode) : undefined;
  const due = deadlineState(incident, now);
  const allowed = allowedActions(incident);
  const grids = useMemo(() => (district?.grids ?? []).filter((g) => g.level === 3 || g.level === 2).map((g) => g.code), [district]);

  const act = (name: WorkflowActionName, extra: Record<string, unknown> = {}): void => {
    const base = { by: operator ?? UNSIGNED_OPERATOR, at: now, ...(note.trim() ? { note: note.trim() } : {}) };
    let action: IncidentAction;
    switch (name) {
      case 'dispatch': {
        const to: Assignee | undefined = target.startsWith('dept:') ? { kind: 'department', id: target.slice(5) } : target ? { kind: 'grid', code: target as GridCode } : undefined;
        action = { type: 'dispatch', ...base, ...(to ? { to } : {}) };
        break;
      }
      case 'whistle':
        action = { type: 'whistle', ...base, ...(target.startsWith('dept:') ? { departmentId: target.slice(5) } : {}) };
        break;
      case 'extend_deadline':
        action = { type: 'extend_deadline', ...base, deadline: addHours(incident.deadline ?? now, 24) ?? now };
        break;
      case 'evaluate':
        action = { type: 'evaluate', ...base, score: 5 };
        break;
      case 'verify':
        action = { type: 'verify', ...base, passed: extra.passed !== false };
        break;
      default:
        action = { type: name, ...base, note: note.trim() } as IncidentAction;
    }
    dispatch({ type: 'incidentActed', id: incident.id, action });
    setNote('');
  };

  return (
    <div className="incident-detail" data-testid="incident-detail" data-id={incident.id} data-status={incident.status}>
      <div className="incident-detail__head">
        <strong data-testid="incident-title">{incident.title}</strong>
        <button type="button" className="icon-btn" aria-label={t('actions.close')} onClick={() => dispatch({ type: 'incidentSelected', id: null })}>
          ×
        </button>
      </div>
      <dl className="incident-detail__facts">
        <dt>{t('incidents.field.class')}</dt>
        <dd>
          {t(`incidents.kind.${cls?.kind ?? 'event'}`)} · {(language === 'zh' ? major?.zh : major?.en) ?? ''} · {(language === 'zh' ? cls?.zh : cls?.en) ?? incident.category}
        </dd>
        <dt>{t('incidents.field.status')}</dt>
        <dd data-testid="incident-status">{t(`incidents.status.${incident.status}`)}</dd>
        <dt>{t('incidents.field.grid')}</dt>
        <dd>{incident.gridCode ? names(incident.gridCode) : t('incidents.noGrid')}</dd>
        <dt>{t('incidents.field.assignee')}</dt>
        <dd data-testid="incident-assignee">{assigneeText(incident.assignee, names, language)}</dd>
        <dt>{t('incidents.field.deadline')}</dt>
        <dd className={`due-${due}`}>
          {timeOf(incident.deadline, language)} {due !== 'none' && due !== 'on_time' ? `· ${t(`incidents.due.${due}`)}` : ''}
        </dd>
        <dt>{t('incidents.field.source')}</dt>
        <dd>{t(`incidents.source.${incident.source}`)}</dd>
      </dl>
      {allowed.length > 0 && (
        <div className="incident-detail__actions">
          <input className="input" data-testid="incident-note" placeholder={t('incidents.notePlaceholder')} value={note} onChange={(e) => setNote(e.target.value)} />
          {(allowed.includes('dispatch') || allowed.includes('whistle')) && (
            <select className="select" data-testid="incident-target" value={target} onChange={(e) => setTarget(e.target.value)} aria-label={t('incidents.target')}>
              <option value="">{t('incidents.targetDefault')}</option>
              <optgroup label={t('incidents.targetGrids')}>
                {grids.map((code) => (
                  <option key={code} value={code}>
                    {names(code)}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t('incidents.targetDepartments')}>
                {DEPARTMENTS.map((d) => (
                  <option key={d.id} value={`dept:${d.id}`}>
                    {language === 'zh' ? d.name : d.nameEn}
                  </option>
                ))}
              </optgroup>
            </select>
          )}
          <div className="incident-detail__buttons">
            {allowed.map((name) => (
              <button
                key={name}
                type="button"
                className={`btn btn--small ${name === 'register' || name === 'dispatch' || name === 'verify' ? 'btn--primary' : ''}`}
                data-testid={`incident-action-${name}`}
                disabled={NEEDS_NOTE.has(name) && note.trim() === ''}
                title={NEEDS_NOTE.has(name) && note.trim() === '' ? t('incidents.needsNote') : undefined}
                onClick={() => act(name)}
              >
                {t(`incidents.action.${name}`)}
              </button>
            ))}
            {allowed.includes('verify') && (
              <button type="button" className="btn btn--small" data-testid="incident-action-verify-fail" disabled={note.trim() === ''} onClick={() => act('verify', { passed: false })}>
                {t('incidents.action.verifyFail')}
              </button>
            )}
          </div>
        </div>
      )}
      <ol className="incident-timeline" data-testid="incident-timeline">
        {[...incident.history].reverse().map((step, i) => (
          <li key={`${incident.history.length - i}`}>
            <span className="tabular muted">{timeOf(step.at, language)}</span> <strong>{t(`incidents.step.${step.kind}`)}</strong> · {step.by}
            {step.to ? ` → ${assigneeText(step.to, names, language)}` : ''}
            {step.note ? <span className="incident-timeline__note">{stepNoteText(step, t)}</span> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
