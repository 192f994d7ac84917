/**
 * Who is on duty at this workstation: every workflow step an operator takes is recorded under
 * this name (GB/T 30428 keeps who did each step). Opened from the status bar. Signing out goes
 * back to the unnamed duty operator (值班员), so a shared screen never records the last person's
 * name against someone else's work.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_OPERATOR_NAME, parseOperatorName } from '@core/state';
import { useAppState, useDispatch } from '../app/app-context';
import { Modal } from './Modal';

export function SignInDialog() {
  const { t } = useTranslation('app');
  const dispatch = useDispatch();
  const operator = useAppState((s) => s.operator);
  const [name, setName] = useState(operator ?? '');
  const [touched, setTouched] = useState(false);
  const valid = parseOperatorName(name) !== null;
  const close = (): void => dispatch({ type: 'dialogClosed' });
  const submit = (): void => {
    setTouched(true);
    if (valid) dispatch({ type: 'operatorSignedIn', name });
  };
  return (
    <Modal
      testId="sign-in-dialog"
      title={t('signIn.title')}
      onClose={close}
      size="small"
      footer={
        <>
          {operator !== null && (
            <button type="button" className="btn btn--quiet-danger" data-testid="sign-out" onClick={() => dispatch({ type: 'operatorSignedOut' })}>
              {t('signIn.signOut', { name: operator })}
            </button>
          )}
          <button type="button" className="btn" onClick={close}>
            {t('actions.cancel')}
          </button>
          <button type="button" className="btn btn--primary" data-testid="sign-in-ok" onClick={submit}>
            {t('signIn.ok')}
          </button>
        </>
      }
    >
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className={`form__field ${touched && !valid ? 'is-invalid' : ''}`}>
          <label htmlFor="sign-in-name" className="form__label">
            {t('signIn.name')}
          </label>
          <input
            id="sign-in-name"
            className="input"
            data-testid="sign-in-name"
            autoFocus
            maxLength={MAX_OPERATOR_NAME + 10}
            value={name}
            aria-invalid={touched && !valid}
            onChange={(e) => setName(e.target.value)}
          />
          {touched && !valid ? (
            <p className="form__field-errors" role="alert" data-testid="sign-in-error">
              {t('signIn.invalid', { max: MAX_OPERATOR_NAME })}
            </p>
          ) : (
            <span className="form__hint">{t('signIn.note')}</span>
          )}
        </div>
      </form>
    </Modal>
  );
}
