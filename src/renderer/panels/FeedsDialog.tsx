/**
 * The Feeds dialog: the live feeds the operator configured, each with its status, switched on or
 * off, edited or removed, and a form to add one. Validation is core's (feedConfigFromForm); its
 * coded problems are shown translated (`feeds:problem.<code>`) under their field. Nothing connects
 * until a feed is saved enabled: the connectors (feed/feed-connectors.ts) follow the saved list.
 */
import { cloneElement, useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import {
  FEED_CONFIG_KINDS,
  emptyFeedConfigForm,
  feedConfigFromForm,
  feedConfigToForm,
  type FeedConfigField,
  type FeedConfigForm,
  type FeedConfigKind,
  type FeedConfigProblem,
} from '@core/feed/feed-config';
import { useAppState, useDispatch, useServices } from '../app/app-context';
import { feedRows } from '../feed/feed-status-view';
import { FeedStatusRow, useNow } from './FeedStatus';
import { Modal } from './Modal';

export function FeedsDialog() {
  const { t } = useTranslation('feeds');
  const dispatch = useDispatch();
  const configs = useAppState((s) => s.feedConfigs);
  const feeds = useAppState((s) => s.incidents.feeds);
  const rows = useMemo(() => feedRows(feeds, configs).filter((r) => r.config !== null), [feeds, configs]);
  const now = useNow(1000);
  const [form, setForm] = useState<FeedConfigForm | null>(null);
  const [problems, setProblems] = useState<FeedConfigProblem[]>([]);
  const [removing, setRemoving] = useState<string | null>(null);
  const close = (): void => dispatch({ type: 'dialogClosed' });

  const edit = (next: FeedConfigForm | null): void => {
    setForm(next);
    setProblems([]);
  };
  const save = (): void => {
    if (!form) return;
    const result = feedConfigFromForm(form, configs);
    if (!result.ok) {
      setProblems(result.problems);
      return;
    }
    dispatch({ type: 'feedConfigSaved', config: result.value });
    dispatch({ type: 'statusShown', kind: 'success', key: 'feeds:status.saved', params: { label: result.value.label } });
    edit(null);
  };
  const remove = (id: string, label: string): void => {
    dispatch({ type: 'feedConfigRemoved', feedId: id });
    dispatch({ type: 'statusShown', kind: 'info', key: 'feeds:status.removed', params: { label } });
    setRemoving(null);
    if (form?.id === id) edit(null);
  };

  return (
    <Modal
      testId="feeds-dialog"
      title={t('title')}
      onClose={close}
      footer={
        form ? (
          <>
            <button type="button" className="btn" data-testid="feed-form-cancel" onClick={() => edit(null)}>
              {t('actions.cancel')}
            </button>
            <button type="button" className="btn btn--primary" data-testid="feed-form-save" onClick={save}>
              {t('actions.save')}
            </button>
          </>
        ) : (
          <>
            <button type="button" className="btn footer-left" data-testid="feeds-add" onClick={() => edit(emptyFeedConfigForm())}>
              {t('actions.add')}
            </button>
            <button type="button" className="btn btn--primary" data-testid="feeds-close" onClick={close}>
              {t('actions.close')}
            </button>
          </>
        )
      }
    >
      <section className="feeds-list" aria-label={t('list.title')}>
        <h3 className="form__label">{t('list.title')}</h3>
        {rows.length === 0 ? (
          <p className="notice notice--info" data-testid="feeds-empty">
            {t('none')}
          </p>
        ) : (
          <ul className="feeds-list__rows">
            {rows.map((row) => {
              const config = row.config!;
              return (
                <li key={row.id} className={`feeds-list__item ${form?.id === row.id ? 'is-editing' : ''}`} data-testid="feeds-config-row" data-feed-id={row.id}>
                  <div className="feeds-list__main">
                    <FeedStatusRow row={row} now={now} />
                    <span className="muted feeds-list__url" title={config.url}>
                      {t(`kind.${config.kind}`)} · {config.url}
                      {config.topic ? ` · ${config.topic}` : ''}
                    </span>
                  </div>
                  <div className="feeds-list__actions">
                    <label className="check">
                      <input
                        type="checkbox"
                        data-testid="feeds-config-toggle"
                        checked={config.enabled}
                        onChange={(e) => dispatch({ type: 'feedConfigToggled', feedId: row.id, enabled: e.target.checked })}
                      />
                      {t('actions.enable')}
                    </label>
                    <button type="button" className="btn btn--small" data-testid="feeds-config-edit" onClick={() => edit(feedConfigToForm(config))}>
                      {t('actions.edit')}
                    </button>
                    {removing === row.id ? (
                      <button type="button" className="btn btn--small btn--danger" data-testid="feeds-config-remove-confirm" onClick={() => remove(row.id, config.label)}>
                        {t('actions.removeConfirm')}
                      </button>
                    ) : (
                      <button type="button" className="btn btn--small btn--quiet-danger" data-testid="feeds-config-remove" onClick={() => setRemoving(row.id)}>
                        {t('actions.remove')}
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      {form && (
        <FeedForm
          form={form}
          problems={problems}
          onChange={(patch) => {
            setForm({ ...form, ...patch });
            setProblems([]);
          }}
          onSubmit={save}
        />
      )}
    </Modal>
  );
}

function FeedForm({
  form,
  problems,
  onChange,
  onSubmit,
}: {
  form: FeedConfigForm;
  problems: readonly FeedConfigProblem[];
  onChange: (patch: Partial<FeedConfigForm>) => void;
  onSubmit: () => void;
}) {
  const { t } = useTranslation('feeds');
  const { bridge } = useServices();
  const text = (p: FeedConfigProblem): string => t(`problem.${p.code}`, p.params as Record<string, unknown>);
  const of = (field: FeedConfigField): string[] => problems.filter((p) => p.field === field).map(text);
  // Problems of fields without an input here (id, enabled, the object) are listed at the bottom.
  const shownFields: FeedConfigField[] = ['kind', 'label', 'url', 'topic', 'pollIntervalMs'];
  const general = problems.filter((p) => p.field === null || !shownFields.includes(p.field)).map(text);
  return (
    <form
      className="form feed-form"
      data-testid="feed-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h3 className="modal__subtitle">{form.id === '' ? t('form.addTitle') : t('form.editTitle')}</h3>
      <fieldset className="form__kinds">
        <legend className="form__label">{t('form.kind')}</legend>
        <div className="radio-cards radio-cards--3">
          {FEED_CONFIG_KINDS.map((kind) => (
            <label key={kind} className={`radio-card ${form.kind === kind ? 'is-on' : ''}`}>
              <input type="radio" name="feed-kind" value={kind} data-testid={`feed-form-kind-${kind}`} checked={form.kind === kind} onChange={() => onChange({ kind: kind as FeedConfigKind })} />
              <span className="radio-card__title">{t(`kind.${kind}`)}</span>
              <span className="radio-card__hint">{t(`kindHint.${kind}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {form.kind === 'mqtt' && !bridge.supportsMqtt && (
        <p className="notice notice--info" data-testid="feed-form-mqtt-browser">
          {t('form.mqttBrowser')}
        </p>
      )}
      <div className="form__grid">
        <Field id="label" label={t('form.label')} hint={t('form.labelHint')} errors={of('label')} wide>
          <input className="input" value={form.label} onChange={(e) => onChange({ label: e.target.value })} autoComplete="off" />
        </Field>
        <Field id="url" label={t('form.url')} hint={t('form.urlHint')} errors={of('url')} wide>
          <input
            className="input"
            value={form.url}
            onChange={(e) => onChange({ url: e.target.value })}
            autoComplete="off"
            spellCheck={false}
            placeholder={form.kind === 'websocket' ? 'ws://10.0.0.5:8765/feed' : form.kind === 'http-poll' ? 'http://10.0.0.5:8765/feed' : 'mqtt://10.0.0.5:1883'}
          />
        </Field>
        {form.kind === 'mqtt' && (
          <Field id="topic" label={t('form.topic')} hint={t('form.topicHint')} errors={of('topic')} wide>
            <input className="input" value={form.topic} onChange={(e) => onChange({ topic: e.target.value })} autoComplete="off" spellCheck={false} placeholder="gridroom/feeds/zy" />
          </Field>
        )}
        {form.kind === 'http-poll' && (
          <Field id="interval" label={t('form.interval')} hint={t('form.intervalHint')} errors={of('pollIntervalMs')}>
            <input className="input" inputMode="decimal" value={form.pollIntervalS} onChange={(e) => onChange({ pollIntervalS: e.target.value })} autoComplete="off" />
          </Field>
        )}
      </div>
      <label className="check">
        <input type="checkbox" data-testid="feed-form-enabled" checked={form.enabled} onChange={(e) => onChange({ enabled: e.target.checked })} />
        {t('form.enabled')}
      </label>
      {general.length > 0 && (
        <ul className="form__errors" role="alert" data-testid="feed-form-errors">
          {general.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      )}
      {/* Enter in a field submits. */}
      <button type="submit" hidden />
    </form>
  );
}

/** A labelled input with its hint, or its problems in place of the hint. */
function Field({ id, label, hint, errors, wide = false, children }: { id: string; label: string; hint: string; errors: string[]; wide?: boolean; children: ReactElement<Record<string, unknown>> }) {
  const inputId = `feed-form-${id}`;
  const invalid = errors.length > 0;
  const control = cloneElement(children, { id: inputId, 'data-testid': inputId, 'aria-invalid': invalid, 'aria-describedby': `${inputId}-${invalid ? 'error' : 'hint'}` });
  return (
    <div className={`form__field ${wide ? 'form__field--wide' : ''} ${invalid ? 'is-invalid' : ''}`}>
      <label htmlFor={inputId} className="form__label">
        {label}
      </label>
      {control}
      {invalid ? (
        <ul className="form__field-errors" id={`${inputId}-error`} data-testid={`${inputId}-error`}>
          {errors.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      ) : (
        <span className="form__hint" id={`${inputId}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
}
