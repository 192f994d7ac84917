/**
 * Toasts over the top of the map. Messages hold i18n keys, so they follow a language switch.
 * Success and info fade after a while; errors stay until dismissed, because an operator may be
 * looking elsewhere when they appear.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatusMessage } from '@core/state';
import { useAppState, useDispatch } from './app-context';
import { Icon } from './Icon';

const LIFETIME_MS: Record<StatusMessage['kind'], number | null> = { info: 6000, success: 6000, error: null };

export function StatusToasts() {
  const messages = useAppState((s) => s.status);
  return (
    <div className="toasts" data-testid="status-message" aria-live="polite">
      {messages.map((m) => (
        <Toast key={m.id} message={m} />
      ))}
    </div>
  );
}

function Toast({ message }: { message: StatusMessage }) {
  const { t } = useTranslation('app');
  const dispatch = useDispatch();
  useEffect(() => {
    const lifetime = LIFETIME_MS[message.kind];
    if (lifetime === null) return;
    const id = window.setTimeout(() => dispatch({ type: 'statusDismissed', id: message.id }), lifetime);
    return () => window.clearTimeout(id);
  }, [dispatch, message.id, message.kind]);
  return (
    <div className={`toast toast--${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'} data-kind={message.kind}>
      <span className="toast__text">{t(message.key, message.params)}</span>
      <button
        type="button"
        className="icon-btn"
        aria-label={t('actions.dismiss')}
        onClick={() => dispatch({ type: 'statusDismissed', id: message.id })}
      >
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}
