/**
 * Importing grids from a GeoJSON file: choose a file → map its properties (prefilled with core's
 * guess) → validate against the stored grids → a report per feature → import the good ones in
 * one transaction. Nothing is written until the operator confirms, and a refused write changes
 * nothing. All the logic is core's; this lays out the steps and dispatches.
 */
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { CRS_LIST, type Crs } from '@core/crs';
import type { FeatureReport, ImportProblem, ImportReport, PropertyInfo, PropertyMapping } from '@core/import';
import { GRID_LEVELS, type GridLevel } from '@core/model';
import type { ImportDialogState } from '@core/state';
import { useAppState, useDispatch } from '../app/app-context';
import { chooseImportFile, commitImport } from '../app/commands';
import { useCommands } from '../app/use-commands';
import { problemText } from './import-problem-text';
import { Modal } from './Modal';

/** Rows drawn in the report table; beyond this the summary still counts everything. */
const MAX_ROWS = 1000;

export function ImportDialog() {
  const { t } = useTranslation('app');
  const dispatch = useDispatch();
  const run = useCommands();
  const dialog = useAppState((s) => s.importDialog);
  const close = (): void => dispatch({ type: 'dialogClosed' });
  const { step, report } = dialog;
  const editable = step === 'mapping' || step === 'report' || step === 'failed';
  const goodCount = report?.good.length ?? 0;

  return (
    <Modal
      testId="import-dialog"
      title={t('import.title')}
      onClose={close}
      size="wide"
      footer={
        <>
          {dialog.fileName && step !== 'importing' && step !== 'done' && (
            <button type="button" className="btn btn--ghost footer-left" onClick={() => run(chooseImportFile)}>
              {t('import.chooseOther')}
            </button>
          )}
          <button type="button" className="btn" data-testid="import-cancel" disabled={step === 'importing'} onClick={close}>
            {step === 'done' ? t('actions.close') : t('actions.cancel')}
          </button>
          {editable && (
            <button
              type="button"
              className={`btn ${step === 'mapping' ? 'btn--primary' : ''}`}
              data-testid="import-validate"
              disabled={!dialog.mapping || dialog.mapping.code === ''}
              onClick={() => dispatch({ type: 'importValidated' })}
            >
              {step === 'mapping' ? t('import.validate') : t('import.revalidate')}
            </button>
          )}
          {(step === 'report' || step === 'importing' || step === 'failed') && (
            <button
              type="button"
              className="btn btn--primary"
              data-testid="import-confirm"
              disabled={step !== 'report' || goodCount === 0}
              onClick={() => run(commitImport)}
            >
              {step === 'importing' ? t('import.importing') : t('import.confirm', { count: goodCount })}
            </button>
          )}
        </>
      }
    >
      {dialog.fileName && (
        <p className="import__file">
          <span className="muted">{t('import.file')}</span> <strong title={dialog.fileName}>{dialog.fileName}</strong>
        </p>
      )}

      {step === 'choosing' && (
        <div className="import__choosing">
          <p className="muted">{t('import.choosing')}</p>
          <button type="button" className="btn btn--primary" data-testid="import-choose" onClick={() => run(chooseImportFile)}>
            {t('import.chooseFile')}
          </button>
        </div>
      )}

      {step === 'file-error' && (
        <div className="notice notice--error" role="alert" data-testid="import-file-error">
          <strong>{t('import.fileErrorTitle')}</strong>
          <ProblemList problems={dialog.fileProblems} t={t} />
        </div>
      )}

      {dialog.mapping && step !== 'choosing' && step !== 'file-error' && (
        <MappingForm dialog={dialog} mapping={dialog.mapping} disabled={!editable} />
      )}

      {(step === 'done' || step === 'failed') && dialog.result && (
        <div
          className={`notice ${dialog.result.ok ? 'notice--ok' : 'notice--error'}`}
          role={dialog.result.ok ? 'status' : 'alert'}
          data-testid="import-result"
          data-ok={dialog.result.ok}
        >
          {dialog.result.ok
            ? t('import.resultOk', { count: dialog.result.count })
            : t('import.resultError', { message: dialog.result.message })}
        </div>
      )}

      {report && <ReportView report={report} t={t} />}
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------

type LevelChoice = `prop:${string}` | `fixed:${GridLevel}`;

function levelValue(mapping: PropertyMapping): LevelChoice {
  return 'fixed' in mapping.level ? `fixed:${mapping.level.fixed}` : `prop:${mapping.level.property}`;
}

function parseLevelChoice(value: string): PropertyMapping['level'] {
  if (value.startsWith('fixed:')) return { fixed: Number(value.slice(6)) as GridLevel };
  return { property: value.slice(5) };
}

function MappingForm({ dialog, mapping, disabled }: { dialog: ImportDialogState; mapping: PropertyMapping; disabled: boolean }) {
  const { t } = useTranslation('app');
  const dispatch = useDispatch();
  const props = dialog.properties;
  const change = (patch: Partial<PropertyMapping>): void =>
    dispatch({ type: 'importMappingChanged', mapping: { ...mapping, ...patch } });
  const option = (p: PropertyInfo) => (
    <option key={p.key} value={p.key}>
      {t('import.propertyOption', { key: p.key, samples: p.samples.join('、') || '—', count: p.count })}
    </option>
  );

  return (
    <fieldset className="mapping" disabled={disabled}>
      <legend className="mapping__legend">
        {t('import.mappingTitle')}
        <span className="muted"> · {t('import.propertiesFound', { count: props.length })}</span>
      </legend>
      <div className="mapping__grid">
        <label className="form__field">
          <span className="form__label">{t('import.map.code')}</span>
          <select className="select" data-testid="import-mapping-code" value={mapping.code} onChange={(e) => change({ code: e.target.value })}>
            {mapping.code === '' && <option value="">{t('import.map.choose')}</option>}
            {props.map(option)}
          </select>
        </label>
        <label className="form__field">
          <span className="form__label">{t('import.map.name')}</span>
          <select
            className="select"
            data-testid="import-mapping-name"
            value={mapping.name ?? ''}
            onChange={(e) => change({ name: e.target.value === '' ? null : e.target.value })}
          >
            <option value="">{t('import.map.none')}</option>
            {props.map(option)}
          </select>
        </label>
        <label className="form__field">
          <span className="form__label">{t('import.map.level')}</span>
          <select
            className="select"
            data-testid="import-mapping-level"
            value={levelValue(mapping)}
            onChange={(e) => change({ level: parseLevelChoice(e.target.value) })}
          >
            <optgroup label={t('import.map.levelFromProperty')}>
              {props.map((p) => (
                <option key={p.key} value={`prop:${p.key}`}>
                  {t('import.propertyOption', { key: p.key, samples: p.samples.join('、') || '—', count: p.count })}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('import.map.levelFixed')}>
              {GRID_LEVELS.map((level) => (
                <option key={level} value={`fixed:${level}`}>
                  {t('import.map.allLevel', { level: t(`level.${level}`) })}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <label className="form__field">
          <span className="form__label">{t('import.map.parent')}</span>
          <select
            className="select"
            data-testid="import-mapping-parent"
            value={mapping.parent ?? ''}
            onChange={(e) => change({ parent: e.target.value === '' ? null : e.target.value })}
          >
            <option value="">{t('import.map.inferParent')}</option>
            {props.map(option)}
          </select>
        </label>
        <label className="form__field">
          <span className="form__label">{t('import.map.kind')}</span>
          <select
            className="select"
            data-testid="import-mapping-kind"
            value={mapping.kind ?? ''}
            onChange={(e) => change({ kind: e.target.value === '' ? null : e.target.value })}
          >
            <option value="">{t('import.map.noKind')}</option>
            {props.map(option)}
          </select>
        </label>
        <label className="form__field">
          <span className="form__label">{t('import.map.crs')}</span>
          <select
            className="select"
            data-testid="import-crs"
            value={dialog.sourceCrs}
            onChange={(e) => dispatch({ type: 'importCrsChanged', crs: e.target.value as Crs })}
          >
            {CRS_LIST.map((crs) => (
              <option key={crs} value={crs}>
                {t(`crs.${crs}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="form__hint">{t('import.mappingHint')}</p>
    </fieldset>
  );
}

// ---------------------------------------------------------------------------------------------

function ProblemList({ problems, t }: { problems: readonly ImportProblem[]; t: TFunction }) {
  return (
    <ul className="problems">
      {problems.map((p, i) => (
        <li key={i} className="problem" data-testid="import-problem" data-kind={p.kind}>
          {problemText(p, t)}
        </li>
      ))}
    </ul>
  );
}

function ReportView({ report, t }: { report: ImportReport; t: TFunction }) {
  const { summary } = report;
  const kinds = Object.entries(summary.byKind) as [ImportProblem['kind'], number][];
  const rows = report.features.slice(0, MAX_ROWS);
  return (
    <section className="report" data-testid="import-report" aria-label={t('import.reportLabel')}>
      <div className="report__summary" data-testid="import-summary" data-total={summary.total} data-good={summary.good} data-bad={summary.bad}>
        <span className="stat">
          <span className="stat__value tabular">{summary.total}</span>
          <span className="stat__label">{t('import.summary.total')}</span>
        </span>
        <span className="stat stat--good">
          <span className="stat__value tabular">{summary.good}</span>
          <span className="stat__label">{t('import.summary.good')}</span>
        </span>
        <span className={`stat ${summary.bad > 0 ? 'stat--bad' : ''}`}>
          <span className="stat__value tabular">{summary.bad}</span>
          <span className="stat__label">{t('import.summary.bad')}</span>
        </span>
        {kinds.length > 0 && (
          <ul className="report__kinds" aria-label={t('import.summary.byKind')}>
            {kinds.map(([kind, count]) => (
              <li key={kind} className="chip chip--bad" data-kind={kind}>
                {t(`import.kind.${kind}`)} · {count}
              </li>
            ))}
          </ul>
        )}
      </div>

      {report.fileProblems.length > 0 && (
        <div className="notice notice--error" role="alert">
          <ProblemList problems={report.fileProblems} t={t} />
        </div>
      )}

      {rows.length > 0 && (
        <div className="report__table-wrap">
          <table className="report__table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">{t('import.col.code')}</th>
                <th scope="col">{t('import.col.name')}</th>
                <th scope="col">{t('import.col.level')}</th>
                <th scope="col">{t('import.col.parent')}</th>
                <th scope="col">{t('import.col.problems')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((f) => (
                <FeatureRow key={f.index} feature={f} t={t} />
              ))}
            </tbody>
          </table>
          {report.features.length > MAX_ROWS && (
            <p className="muted report__more">{t('import.moreRows', { shown: MAX_ROWS, total: report.features.length })}</p>
          )}
        </div>
      )}
    </section>
  );
}

function FeatureRow({ feature: f, t }: { feature: FeatureReport; t: TFunction }) {
  const bad = f.problems.length > 0;
  return (
    <tr className={bad ? 'is-bad' : 'is-good'} data-testid="import-row" data-index={f.index} data-code={f.code ?? ''}>
      <td className="num tabular">{f.index + 1}</td>
      <td className="code">{f.code ?? '—'}</td>
      <td className="ellipsis" title={f.name ?? ''}>
        {f.name ?? '—'}
      </td>
      <td>{f.level ? t(`levelShort.${f.level}`) : '—'}</td>
      <td className="code">
        {f.parentCode ?? '—'}
        {f.parentInferred && f.parentCode && <span className="chip chip--muted">{t('import.inferred')}</span>}
      </td>
      <td>
        {bad ? (
          <ProblemList problems={f.problems} t={t} />
        ) : (
          <span className="ok-mark">{t('import.ok')}</span>
        )}
      </td>
    </tr>
  );
}
