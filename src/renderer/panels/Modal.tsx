/**
 * A modal dialog on the native <dialog> element: the browser gives it the top layer, focus
 * containment and Esc. Esc and the close button ask the owner to close (`onClose`), so the app
 * state stays the single source of which dialog is open.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../app/Icon';

export interface ModalProps {
  testId: string;
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  size?: 'small' | 'medium' | 'wide';
  /** An alert dialog (a confirmation) is announced as such. */
  alert?: boolean;
}

export function Modal({ testId, title, onClose, children, footer, size = 'medium', alert = false }: ModalProps) {
  const { t } = useTranslation('app');
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={`modal modal--${size}`}
      data-testid={testId}
      role={alert ? 'alertdialog' : undefined}
      aria-labelledby={titleId}
      onCancel={(e) => {
        // The state decides whether the dialog closes (an import in progress stays open).
        e.preventDefault();
        onClose();
      }}
    >
      <header className="modal__head">
        <h2 id={titleId} className="modal__title">
          {title}
        </h2>
        <button type="button" className="icon-btn" aria-label={t('actions.close')} onClick={onClose}>
          <Icon name="close" />
        </button>
      </header>
      <div className="modal__body">{children}</div>
      {footer && <footer className="modal__foot">{footer}</footer>}
    </dialog>
  );
}
