/**
 * The allocation wizard, in place of the side panel while it is open: file and coordinate system
 * → validation report → run (progress, cancel) → review (band report, filterable virtualised
 * table, why and override for the picked building; the map previews every building) → commit
 * (undoable) → export. It reads state and dispatches; the commands do the I/O.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Crs } from '@core/crs';
import { ALLOCATION_FILTERS, countRows, rowMatches, type AllocationWizardState } from '@core/state';
import { useAppState, useDispatch } from '../app/app-context';
import {
  cancelAllocationRun,
  changeAllocationCrs,
  chooseAllocationFile,
  commitAllocationWizard,
  exportAllocation,
  runAllocationWizard,
  undoAllocationWizard,
} from '../app/allocation-commands';
import { sharedAllocationRows } from '../app/allocation-rows';
import { formatCount } from '../app/format';
import { Icon } from '../app/Icon';
import { useCommands } from '../app/use-commands';
import { AllocationDetail } from './AllocationDetail';
import { AllocationTable } from './AllocationTable';

/** Coordinate systems a buildings file may be in (CGCS2000 reads as WGS-84 at map scale). */
const CRS_CHOICES: readonly Crs[] = ['wgs84', 'cgcs2000', 'gcj02', 'bd09'];

/** Invalid records listed in the report before "and N more". */
const REPORT_PROBLEMS_SHOWN = 50;

export function AllocationPanel() {
  const { t } = useTranslation('app');
  const dispatch = useDispatch();
  const run = useCommands();
  const wizard = useAppState((s) => s.allocation);
  const busy = wizard.step === 'reading' || wizard.step === 'running' || wizard.step === 'committing';

  return (
    <section className="panel alloc" data-testid="allocation-panel" data-step={wizard.step} aria-labelledby="alloc-title">
      <header className="alloc__head">
        <div className="alloc__titles">
          <span className="panel__eyebrow">{t('allocation.eyebrow')}</span>
          <h2 id="alloc-title" className="selection__name">
            {t('allocation.title')}
          </h2>
        </div>
        <button
          type="button"
          className="icon-btn"
          data-testid="allocation-close"
          aria-label={t('actions.close')}
          title={t('actions.close')}
          disabled={busy}
          onClick={() => dispatch({ type: 'allocationClosed' })}
        >
          <Icon name="close" />
        </button>
      </header>
      <Steps step={wizard.step} />
      {wizard.step === 'review' || wizard.step === 'committing' ? (
        <Review wizard={wizard} />
      ) : (
        <div className="panel__scroll alloc__body">
          {(wizard.step === 'choose' || wizard.step === 'file-error' || wizard.step === 'report') && (
            <FileStep wizard={wizard} onChoose={() => run(chooseAllocationFile)} onCrs={(crs) => run((deps) => changeAllocationCrs(deps, crs))} />
          )}
          {wizard.step === 'reading' && (
            <p className="alloc__working" role="status">
              {t('allocation.reading', { file: wizard.fileName ?? '' })}
            </p>
          )}
          {wizard.step === 'file-error' && (
            <div className="alloc__error" role="alert" data-testid="allocation-file-error">
              <strong>{t('allocation.fileErrorTitle')}</strong>
              <span>{wizard.fileError}</span>
            </div>
          )}
          {wizard.step === 'report' && <Report wizard={wizard} onRun={() => run(runAllocationWizard)} />}
          {wizard.step === 'running' && <Running wizard={wizard} />}
          {wizard.step === 'committed' && <Committed wizard={wizard} />}
        </div>
      )}
    </section>
  );
}

const STEP_ORDER = ['file', 'report', 'review', 'commit'] as const;

function stepIndex(step: AllocationWizardState['step']): number {
  if (step === 'choose' || step === 'reading' || step === 'file-error') return 0;
  if (step === 'report' || step === 'running') return 1;
  if (step === 'review' || step === 'committing') return 2;
  return 3;
}

function Steps({ step }: { step: AllocationWizardState['step'] }) {
  const { t } = useTranslation('app');
  const at = stepIndex(step);
  return (
    <ol className="alloc__steps" aria-label={t('allocation.stepsLabel')}>
      {STEP_ORDER.map((name, i) => (
        <li key={name} className={i === at ? 'is-current' : i < at ? 'is-done' : ''} aria-current={i === at ? 'step' : undefined}>
          <span className="alloc__step-no">{i + 1}</span>
          {t(`allocation.steps.${name}`)}
        </li>
      ))}
    </ol>
  );
}

function FileStep({ wizard, onChoose, onCrs }: { wizard: AllocationWizardState; onChoose(): void; onCrs(crs: Crs): void }) {
  const { t } = useTranslation('app');
  return (
    <section className="panel__section alloc__file">
      <p className="muted">{t('allocation.formats')}</p>
      <label className="alloc__field">
        <span className="alloc__field-label">{t('allocation.crs')}</span>
        <select className="select" data-testid="allocation-crs" value={wizard.crs} onChange={(e) => onCrs(e.target.value as Crs)}>
          {CRS_CHOICES.map((crs) => (
            <option key={crs} value={crs}>
              {t(`crs.${crs}`)}
            </option>
          ))}
        </select>
      </label>
      <div className="alloc__file-row">
        <button type="button" className={`btn ${wizard.fileName ? '' : 'btn--primary'}`} data-testid="allocation-choose" onClick={onChoose}>
          <Icon name="upload" />
          <span>{wizard.fileName ? t('allocation.chooseOther') : t('allocation.chooseFile')}</span>
        </button>
        {wizard.fileName && (
          <span className="alloc__file-name" data-testid="allocation-file-name" title={wizard.fileName}>
            {wizard.fileName}
          </span>
        )}
      </div>
      {wizard.commit && !wizard.commit.undone && wizard.step === 'choose' && <LastCommit wizard={wizard} />}
    </section>
  );
}

function Report({ wizard, onRun }: { wizard: AllocationWizardState; onRun(): void }) {
  const { t } = useTranslation('app');
  const language = useAppState((s) => s.language);
  const input = wizard.input;
  if (!input) return null;
  const s = input.summary;
  const n = (v: number): string => formatCount(v, language);
  const bad = input.records.filter((r) => r.reason !== undefined);
  const cells: [string, number, string][] = [
    ['total', s.total, ''],
    ['usable', s.usable, 'is-ok'],
    ['invalid', s.invalid, s.invalid > 0 ? 'is-bad' : ''],
    ['footprints', s.footprints, ''],
    ['points', s.points, ''],
    ['households', s.households, ''],
  ];
  return (
    <section className="panel__section" data-testid="allocation-report" aria-labelledby="alloc-report-title">
      <h3 id="alloc-report-title" className="panel__title">
        {t('allocation.reportTitle')}
      </h3>
      <dl className="alloc__summary">
        {cells.map(([key, value, cls]) => (
          <div key={key} className={`alloc__cell ${cls}`} data-testid={`allocation-summary-${key}`} data-value={value}>
            <dt>{t(`allocation.summary.${key}`)}</dt>
            <dd className="tabular">{n(value)}</dd>
          </div>
        ))}
      </dl>
      <p className="muted alloc__columns" data-testid="allocation-columns">
        {t('allocation.columnsUsed', {
          households: input.columns.households ?? t('allocation.noColumn'),
          use: input.columns.use ?? t('allocation.noColumn'),
          name: input.columns.name ?? t('allocation.noColumn'),
        })}
      </p>
      {(wizard.fileNotes.length > 0 || input.warnings.length > 0) && (
        <ul className="alloc__notes" data-testid="allocation-notes">
          {wizard.fileNotes.map((note) => (
            <li key={note}>{note}</li>
          ))}
          {input.warnings.map((w) => (
            <li key={`${w.index}-${w.reason}`}>{w.line !== undefined ? t('allocation.atLine', { line: w.line, reason: w.reason }) : w.reason}</li>
          ))}
        </ul>
      )}
      {bad.length > 0 && (
        <div className="alloc__problems">
          <h4 className="panel__title">{t('allocation.problemsTitle', { count: bad.length })}</h4>
          <ul data-testid="allocation-problems">
            {bad.slice(0, REPORT_PROBLEMS_SHOWN).map((r) => (
              <li key={`${r.index}`} data-testid="allocation-problem">
                <span className="mono">{r.id}</span>
                <span className="muted">{r.line !== undefined ? t('allocation.line', { line: r.line }) : t('allocation.feature', { index: r.index })}</span>
                <span>{r.reason}</span>
              </li>
            ))}
          </ul>
          {bad.length > REPORT_PROBLEMS_SHOWN && <p className="muted">{t('allocation.moreProblems', { count: bad.length - REPORT_PROBLEMS_SHOWN })}</p>}
        </div>
      )}
      {wizard.runError && (
        <div className="alloc__error" role="alert">
          <strong>{t('allocation.runFailed')}</strong>
          <span>{wizard.runError}</span>
        </div>
      )}
      <div className="alloc__actions">
        <button type="button" className="btn btn--primary" data-testid="allocation-run" disabled={s.usable === 0} onClick={onRun}>
          {t('allocation.run', { count: s.usable })}
        </button>
      </div>
    </section>
  );
}

function Running({ wizard }: { wizard: AllocationWizardState }) {
  const { t } = useTranslation('app');
  const language = useAppState((s) => s.language);
  const p = wizard.progress ?? { done: 0, total: 0 };
  const pct = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 0;
  return (
    <section className="panel__section alloc__running">
      <p>{t('allocation.running', { file: wizard.fileName ?? '' })}</p>
      <div
        className="progress"
        role="progressbar"
        data-testid="allocation-progress"
        aria-valuemin={0}
        aria-valuemax={p.total}
        aria-valuenow={p.done}
        aria-valuetext={t('allocation.progressText', { done: formatCount(p.done, language), total: formatCount(p.total, language), pct })}
      >
        <div className="progress__bar" style={{ width: `${pct}%` }} />
      </div>
      <p className="muted tabular" data-testid="allocation-progress-text">
        {t('allocation.progressText', { done: formatCount(p.done, language), total: formatCount(p.total, language), pct })}
      </p>
      <div className="alloc__actions">
        <button type="button" className="btn" data-testid="allocation-cancel" onClick={cancelAllocationRun}>
          {t('actions.cancel')}
        </button>
      </div>
    </section>
  );
}

function Review({ wizard }: { wizard: AllocationWizardState }) {
  const { t } = useTranslation('app');
  const dispatch = useDispatch();
  const run = useCommands();
  const language = useAppState((s) => s.language);
  const { input, result: current } = wizard;
  const rows = useMemo(() => sharedAllocationRows(input, current), [input, current]);
  const counts = useMemo(() => countRows(rows), [rows]);
  const shown = useMemo(() => rows.filter((r) => rowMatches(r, wizard.filter)), [rows, wizard.filter]);
  const result = wizard.result;
  if (!result) return null;
  const band = result.band;
  const assigned = result.items.filter((a) => a.unitCode !== null).length;
  const n = (v: number): string => formatCount(v, language);
  const committing = wizard.step === 'committing';
  return (
    <div className="alloc__review" data-testid="allocation-review">
      <div className="alloc__review-top">
        <dl className="alloc__summary alloc__summary--tight">
          <div className="alloc__cell is-ok" data-testid="allocation-assigned" data-value={assigned}>
            <dt>{t('allocation.assigned')}</dt>
            <dd className="tabular">{n(assigned)}</dd>
          </div>
          <div className={`alloc__cell ${band.leftBand.length > 0 ? 'is-bad' : ''}`} data-testid="allocation-left-band" data-value={band.leftBand.length}>
            <dt>{t('allocation.leftBand')}</dt>
            <dd className="tabular">{n(band.leftBand.length)}</dd>
          </div>
          <div className="alloc__cell" data-testid="allocation-entered-band" data-value={band.enteredBand.length}>
            <dt>{t('allocation.enteredBand')}</dt>
            <dd className="tabular">{n(band.enteredBand.length)}</dd>
          </div>
          <div className="alloc__cell" data-testid="allocation-changed" data-value={band.changed.length}>
            <dt>{t('allocation.changedUnits')}</dt>
            <dd className="tabular">{n(band.changed.length)}</dd>
          </div>
        </dl>
        <BandChanges wizard={wizard} />
        <div className="alloc__filters" role="radiogroup" aria-label={t('allocation.filterLabel')}>
          {ALLOCATION_FILTERS.map((f) => (
            <button
              key={f}
              type="button"
              role="radio"
              aria-checked={wizard.filter === f}
              className={`alloc-chip ${wizard.filter === f ? 'is-on' : ''}`}
              data-testid={`allocation-filter-${f}`}
              data-count={counts[f]}
              onClick={() => dispatch({ type: 'allocationFilterChanged', filter: f })}
            >
              {t(`allocation.filter.${f}`)} <span className="tabular">{n(counts[f])}</span>
            </button>
          ))}
        </div>
      </div>
      <AllocationTable rows={shown} selectedId={wizard.selectedItem} />
      <AllocationDetail wizard={wizard} rows={rows} />
      {wizard.commitError && (
        <div className="alloc__error alloc__error--inline" role="alert" data-testid="allocation-commit-error">
          <strong>{t('allocation.commitFailed')}</strong>
          <span>{wizard.commitError}</span>
        </div>
      )}
      <footer className="alloc__footer">
        <button type="button" className="btn" data-testid="allocation-back" disabled={committing} onClick={() => dispatch({ type: 'allocationReviewLeft' })}>
          {t('allocation.back')}
        </button>
        <span className="alloc__spacer" />
        <ExportButtons />
        <button type="button" className="btn btn--primary" data-testid="allocation-commit" disabled={committing || assigned === 0} onClick={() => run(commitAllocationWizard)}>
          {committing ? t('allocation.committing') : t('allocation.commit', { count: assigned })}
        </button>
      </footer>
    </div>
  );
}

/** Micro-grids the allocation pushes out of the band, with what could be done about them. */
function BandChanges({ wizard }: { wizard: AllocationWizardState }) {
  const { t } = useTranslation('app');
  const dispatch = useDispatch();
  const hierarchy = useAppState((s) => s.hierarchy);
  const result = wizard.result;
  if (!result) return null;
  const outOfBand = result.band.changed.filter((c) => c.statusAfter !== 'in');
  if (outOfBand.length === 0) return <p className="muted alloc__band-ok">{t('allocation.bandOk')}</p>;
  const suggestionFor = (code: string) => result.band.suggestions.filter((s) => s.code === code);
  return (
    <details className="alloc__band" data-testid="allocation-band" open={outOfBand.length <= 3}>
      <summary>{t('allocation.bandTitle', { count: outOfBand.length })}</summary>
      <ul>
        {outOfBand.map((c) => (
          <li key={c.code} data-testid="allocation-band-row" data-code={c.code}>
            <button type="button" className="link" onClick={() => dispatch({ type: 'gridSelected', code: c.code, fly: true })}>
              {hierarchy?.get(c.code)?.name ?? c.code}
            </button>
            <span className="tabular">
              {t('allocation.beforeAfter', { before: c.before, after: c.after })} · {t(`band.short.${c.statusAfter}`)}
            </span>
            {suggestionFor(c.code).map((s, i) => (
              <span key={i} className="alloc__suggestion">
                {s.kind === 'split'
                  ? t(s.fits ? 'allocation.suggest.split' : 'allocation.suggest.splitNoFit', { parts: s.parts, perPart: s.perPart })
                  : s.kind === 'move'
                    ? t('allocation.suggest.move', { count: s.buildingIds.length, households: s.households, to: hierarchy?.get(s.to)?.name ?? s.to, resultTo: s.resultTo })
                    : s.kind === 'merge'
                      ? t('allocation.suggest.merge', { with: hierarchy?.get(s.with)?.name ?? s.with, households: s.households })
                      : t('allocation.suggest.take', { count: s.buildingIds.length, households: s.households, from: hierarchy?.get(s.from)?.name ?? s.from })}
              </span>
            ))}
          </li>
        ))}
      </ul>
    </details>
  );
}

function LastCommit({ wizard }: { wizard: AllocationWizardState }) {
  const { t } = useTranslation('app');
  const run = useCommands();
  const busy = useAppState((s) => s.busy);
  const c = wizard.commit;
  if (!c) return null;
  return (
    <div className="alloc__last" data-testid="allocation-last-commit">
      <span>{c.undone ? t('allocation.undone', { count: c.buildings }) : t('allocation.committed', { count: c.buildings, households: c.households })}</span>
      {!c.undone && (
        <button type="button" className="btn btn--small" data-testid="allocation-undo" disabled={busy} onClick={() => run(undoAllocationWizard)}>
          {t('allocation.undo')}
        </button>
      )}
    </div>
  );
}

function Committed({ wizard }: { wizard: AllocationWizardState }) {
  const { t } = useTranslation('app');
  const dispatch = useDispatch();
  const run = useCommands();
  const c = wizard.commit;
  if (!c) return null;
  return (
    <section className="panel__section" data-testid="allocation-committed">
      <div className={`alloc__done ${c.undone ? 'is-undone' : ''}`} role="status">
        <strong>{c.undone ? t('allocation.undone', { count: c.buildings }) : t('allocation.committed', { count: c.buildings, households: c.households })}</strong>
        {c.leftOut > 0 && <span>{t('allocation.leftOut', { count: c.leftOut })}</span>}
      </div>
      <div className="alloc__actions">
        {!c.undone && (
          <button type="button" className="btn" data-testid="allocation-undo" onClick={() => run(undoAllocationWizard)}>
            {t('allocation.undo')}
          </button>
        )}
        <ExportButtons />
        <button type="button" className="btn btn--primary" data-testid="allocation-again" onClick={() => dispatch({ type: 'allocationRestarted' })}>
          {t('allocation.again')}
        </button>
      </div>
    </section>
  );
}

/** Save the result (with overrides) as CSV for Excel or GeoJSON. */
function ExportButtons() {
  const run = useCommands();
  return (
    <>
      <button type="button" className="btn btn--ghost" data-testid="allocation-export-csv" onClick={() => run((d) => exportAllocation(d, 'csv'))}>
        <Icon name="download" />
        <span>CSV</span>
      </button>
      <button type="button" className="btn btn--ghost" data-testid="allocation-export-geojson" onClick={() => run((d) => exportAllocation(d, 'geojson'))}>
        <Icon name="download" />
        <span>GeoJSON</span>
      </button>
    </>
  );
}
