/**
 * Confirms replacing everything with a fresh demo district: it deletes imported grids, so it
 * asks first, and Cancel has the focus.
 */
import { useTranslation } from 'react-i18next';
import { useAppState, useDispatch } from '../app/app-context';
import { resetDemo } from '../app/commands';
import { useCommands } from '../app/use-commands';
import { Modal } from './Modal';

export function ConfirmResetDialog() {
  const { t } = useTranslation('app');
  const dispatch = useDispatch();
  const run = useCommands();
  const busy = useAppState((s) => s.busy);
  const close = (): void => dispatch({ type: 'dialogClosed' });
  return (
    <Modal
      testId="confirm-dialog"
      title={t('reset.title')}
      onClose={close}
      size="small"
      alert
      footer={
        <>
          <button type="button" className="btn" data-testid="confirm-cancel" autoFocus onClick={close}>
            {t('actions.cancel')}
          </button>
          <button type="button" className="btn btn--danger" data-testid="confirm-ok" disabled={busy} onClick={() => run(resetDemo)}>
            {t('reset.confirm')}
          </button>
        </>
      }
    >
      <p>{t('reset.body')}</p>
      <p className="muted">{t('reset.note')}</p>
    </Modal>
  );
}
