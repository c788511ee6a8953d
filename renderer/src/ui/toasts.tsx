import { useEffect, type ReactElement } from 'react';
import { isMethodName, type Toast } from '../../../preload/contract';
import { errorMessage } from '../api/api-error';
import { api } from '../state/client-ref';
import { useRoute } from '../state/route-store';
import { localToast, useToasts } from '../state/toasts-store';
import { toastLifetime } from '../state/toasts-model';
import { Icon } from './icons';

function ToastCard({ toast }: { readonly toast: Toast }): ReactElement {
  const dismiss = useToasts((s) => s.dismiss);
  const goPath = useRoute((s) => s.goPath);
  useEffect(() => {
    const life = toastLifetime(toast);
    if (life === null) return;
    const t = setTimeout(() => dismiss(toast.id), life);
    return () => clearTimeout(t);
  }, [toast, dismiss]);

  const runAction = async (): Promise<void> => {
    const action = toast.action;
    if (!action || !isMethodName(action.method)) return;
    dismiss(toast.id);
    try {
      await api().call(action.method, action.input as never);
    } catch (e) {
      localToast(`${action.label} failed`, 'error', errorMessage(e));
    }
  };

  const route = toast.route;
  return (
    <div className={`toast toast-${toast.level}`} role={toast.level === 'error' ? 'alert' : 'status'} aria-label={toast.title}>
      <div className="toast-text">
        <strong className="toast-title">{toast.title}</strong>
        {toast.body !== '' && <p>{toast.body}</p>}
      </div>
      {route !== null && (
        <button type="button" className="link toast-open" aria-label={`Open: ${toast.title}`} onClick={() => (goPath(route), dismiss(toast.id))}>
          Open
        </button>
      )}
      {toast.action !== null && (
        <button type="button" className="btn btn-small" onClick={() => void runAction()}>
          {toast.action.label}
        </button>
      )}
      <button type="button" className="icon-btn" aria-label={`Dismiss "${toast.title}"`} onClick={() => dismiss(toast.id)}>
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}

export function Toasts(): ReactElement {
  const toasts = useToasts((s) => s.toasts);
  return (
    <section className="toasts" aria-label="Notifications" aria-live="polite">
      {toasts.map((t) => (
        <ToastCard key={t.id} toast={t} />
      ))}
    </section>
  );
}
