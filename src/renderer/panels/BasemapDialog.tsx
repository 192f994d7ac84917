/**
 * Basemap settings: none (the default; nothing is fetched), an XYZ raster or vector tile server
 * (typically on the government intranet), or WMTS with a Tianditu preset. The draft lives here
 * until Save; validation is core's (parseBasemapConfigDetailed), its coded issues are shown
 * translated (`basemap.issue.<code>`) under their field.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CRS_LIST, type Crs } from '@core/crs';
import {
  BASEMAP_KINDS,
  basemapFieldsFor,
  basemapFormFromConfig,
  basemapFormToConfig,
  TIANDITU_PRESET,
  type BasemapField,
  type BasemapForm,
  type BasemapKind,
  type FormError,
} from '@core/state';
import { useAppState, useDispatch } from '../app/app-context';
import { Modal } from './Modal';

type Errors = { fields: Partial<Record<BasemapField, FormError[]>>; general: FormError[] };
const NO_ERRORS: Errors = { fields: {}, general: [] };

export function BasemapDialog() {
  const { t } = useTranslation('app');
  const dispatch = useDispatch();
  const current = useAppState((s) => s.basemap);
  const [form, setForm] = useState<BasemapForm>(() => basemapFormFromConfig(current));
  const [errors, setErrors] = useState<Errors>(NO_ERRORS);
  const close = (): void => dispatch({ type: 'dialogClosed' });
  const set = (patch: Partial<BasemapForm>): void => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors(NO_ERRORS);
  };
  const save = (): void => {
    const result = basemapFormToConfig(form);
    if (!result.ok) {
      setErrors({ fields: result.fieldErrors, general: result.generalErrors });
      return;
    }
    dispatch({ type: 'basemapChanged', config: result.value });
    dispatch({ type: 'dialogClosed' });
    dispatch({
      type: 'statusShown',
      kind: 'success',
      key: result.value.kind === 'none' ? 'status.basemapOff' : 'status.basemapSaved',
    });
  };
  const fields = basemapFieldsFor(form.kind);
  // The fallback (the validator's English) shows only should a locale lack the key.
  const errorText = (e: FormError): string => t(e.key, { ...e.params, defaultValue: e.fallback });

  return (
    <Modal
      testId="basemap-dialog"
      title={t('basemap.title')}
      onClose={close}
      footer={
        <>
          <button type="button" className="btn" data-testid="basemap-cancel" onClick={close}>
            {t('actions.cancel')}
          </button>
          <button type="button" className="btn btn--primary" data-testid="basemap-save" onClick={save}>
            {t('actions.save')}
          </button>
        </>
      }
    >
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <p className={`notice ${form.kind === 'none' ? 'notice--ok' : 'notice--info'}`} data-testid="basemap-notice">
          {form.kind === 'none' ? t('basemap.offNotice') : t('basemap.onNotice')}
        </p>

        <fieldset className="form__kinds">
          <legend className="form__label">{t('basemap.kindLabel')}</legend>
          <div className="radio-cards">
            {BASEMAP_KINDS.map((kind) => (
              <label key={kind} className={`radio-card ${form.kind === kind ? 'is-on' : ''}`}>
                <input
                  type="radio"
                  name="basemap-kind"
                  value={kind}
                  data-testid={`basemap-kind-${kind}`}
                  checked={form.kind === kind}
                  onChange={() => set({ kind: kind as BasemapKind })}
                />
                <span className="radio-card__title">{t(`basemap.kind.${kind}`)}</span>
                <span className="radio-card__hint">{t(`basemap.kindHint.${kind}`)}</span>
              </label>
            ))}
          </div>
          <div className="form__preset">
            <button type="button" className="btn btn--small" data-testid="basemap-preset-tianditu" onClick={() => set({ ...TIANDITU_PRESET })}>
              {t('basemap.presetTianditu')}
            </button>
            <span className="muted">{t('basemap.presetTiandituHint')}</span>
          </div>
        </fieldset>

        {fields.length > 0 && (
          <div className="form__grid">
            {fields.map((field) => (
              <Field
                key={field}
                field={field}
                value={form[field]}
                errors={(errors.fields[field] ?? []).map(errorText)}
                onChange={(value) => set({ [field]: value } as Partial<BasemapForm>)}
              />
            ))}
          </div>
        )}

        {errors.general.length > 0 && (
          <ul className="form__errors" role="alert" data-testid="basemap-errors">
            {errors.general.map((e, i) => (
              <li key={i}>{errorText(e)}</li>
            ))}
          </ul>
        )}
        {/* Enter in a field submits. */}
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}

const WIDE_FIELDS: ReadonlySet<BasemapField> = new Set(['url', 'attribution', 'token']);

function Field({
  field,
  value,
  errors,
  onChange,
}: {
  field: BasemapField;
  value: string;
  errors: string[];
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation('app');
  const id = `basemap-${field}`;
  const invalid = errors.length > 0;
  const common = {
    id,
    'data-testid': `basemap-field-${field}`,
    'aria-invalid': invalid,
    'aria-describedby': invalid ? `${id}-error` : `${id}-hint`,
  };
  let control;
  if (field === 'crs') {
    control = (
      <select {...common} className="select" value={value} onChange={(e) => onChange(e.target.value as Crs)}>
        {CRS_LIST.map((crs) => (
          <option key={crs} value={crs}>
            {t(`crs.${crs}`)}
          </option>
        ))}
      </select>
    );
  } else if (field === 'tileSize') {
    control = (
      <select {...common} className="select" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="256">256 px</option>
        <option value="512">512 px</option>
      </select>
    );
  } else {
    control = (
      <input
        {...common}
        className="input"
        type={field === 'token' ? 'password' : 'text'}
        inputMode={field === 'minzoom' || field === 'maxzoom' || field === 'zoomOffset' ? 'numeric' : undefined}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div className={`form__field ${WIDE_FIELDS.has(field) ? 'form__field--wide' : ''} ${invalid ? 'is-invalid' : ''}`}>
      <label htmlFor={id} className="form__label">
        {t(`basemap.field.${field}`)}
      </label>
      {control}
      {invalid ? (
        <ul className="form__field-errors" id={`${id}-error`} data-testid={`basemap-error-${field}`}>
          {errors.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      ) : (
        <span className="form__hint" id={`${id}-hint`}>
          {t(`basemap.fieldHint.${field}`)}
        </span>
      )}
    </div>
  );
}
