/**
 * The DOM of a live worker's popup (MapView puts it in a maplibregl.Popup). Every word goes in
 * through textContent, never as HTML: names and grid names come from feeds and imported files.
 * What it says is decided by workerPopupLines (patrol-layers.ts, tested); this only lays it out.
 */
import type { TFunction } from 'i18next';
import { workerPopupLines, type PopupText, type WorkerDetails } from './patrol-layers';

/** Translates a PopupText, its { key } values first. */
export function popupText(t: TFunction, text: PopupText): string {
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(text.values ?? {})) values[k] = typeof v === 'object' ? t(v.key) : v;
  return t(text.key, values);
}

export interface WorkerPopupOptions {
  details: WorkerDetails;
  nowMs: number;
  followed: boolean;
  /** Absent: no follow button. */
  onFollow?: (follow: boolean) => void;
}

/** The nodes of a built popup, so a refresh (about every second) only changes text. */
interface Built {
  workerId: string;
  fields: string;
  name: HTMLElement;
  values: Map<string, HTMLElement>;
  button: HTMLButtonElement | null;
  /** What the button does now (the listener is added once and reads this). */
  onClick: () => void;
}

const built = new WeakMap<HTMLElement, Built>();

function setText(el: HTMLElement, text: string): void {
  // Untouched nodes keep a screen reader's place and a pressed button's press.
  if (el.textContent !== text) el.textContent = text;
}

/**
 * Fills `root` with the worker's name, a definition list of role, own grid, current unit,
 * heading, speed, age of the fix and state, and a follow / stop-following button. Called again
 * for the same worker it only updates text, so a click on the button is never lost to a refresh.
 * Test ids: `worker-popup` (root, with data-worker and data-state), `worker-popup-name`,
 * `worker-popup-<field>` on each value, `worker-popup-follow` on the button (aria-pressed).
 */
export function fillWorkerPopup(root: HTMLElement, t: TFunction, o: WorkerPopupOptions): void {
  const doc = root.ownerDocument;
  const d = o.details;
  const lines = workerPopupLines(d, o.nowMs);
  const fields = lines.map((l) => l.field).join(',') + (o.onFollow ? ',follow' : '');
  let b = built.get(root);
  if (!b || b.workerId !== d.workerId || b.fields !== fields) {
    root.replaceChildren();
    root.className = 'gr-worker-popup';
    root.setAttribute('data-testid', 'worker-popup');
    root.setAttribute('role', 'group');
    const name = doc.createElement('h3');
    name.className = 'gr-worker-popup__name';
    name.setAttribute('data-testid', 'worker-popup-name');
    const list = doc.createElement('dl');
    list.className = 'gr-worker-popup__list';
    const values = new Map<string, HTMLElement>();
    for (const line of lines) {
      const dt = doc.createElement('dt');
      dt.dataset.field = line.field;
      const dd = doc.createElement('dd');
      dd.setAttribute('data-testid', `worker-popup-${line.field}`);
      values.set(line.field, dd);
      list.append(dt, dd);
    }
    root.append(name, list);
    const next: Built = { workerId: d.workerId, fields, name, values, button: null, onClick: () => undefined };
    if (o.onFollow) {
      const button = doc.createElement('button');
      button.type = 'button';
      button.className = 'gr-worker-popup__follow';
      button.setAttribute('data-testid', 'worker-popup-follow');
      button.addEventListener('click', () => next.onClick());
      root.append(button);
      next.button = button;
    }
    built.set(root, next);
    b = next;
  }
  root.dataset.worker = d.workerId;
  root.dataset.state = d.stale ? 'stale' : d.outside ? 'outside' : 'on-duty';
  root.setAttribute('aria-label', t('workerPopup.aria', { name: d.name }));
  setText(b.name, d.name);
  for (const dt of root.querySelectorAll<HTMLElement>('dt[data-field]')) setText(dt, t(`workerPopup.label.${dt.dataset.field ?? ''}`));
  for (const line of lines) {
    const dd = b.values.get(line.field);
    if (dd) setText(dd, popupText(t, line.text));
  }
  const onFollow = o.onFollow;
  if (b.button && onFollow) {
    b.button.setAttribute('aria-pressed', String(o.followed));
    setText(b.button, t(o.followed ? 'workerPopup.unfollow' : 'workerPopup.follow'));
    b.onClick = () => onFollow(!o.followed);
  }
}
