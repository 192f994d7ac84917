/**
 * The notes the feed writes into a case's history are recorded in a fixed English form
 * (`from patrol`, `v2: description, priority 2→1`: core/incidents/incident-from-feed.ts and
 * updateFromFeed in workflow.ts), so recordings stay language-neutral. This turns them into the
 * operator's language for the timeline; an operator's own note is shown as written.
 */
import type { TFunction } from 'i18next';
import type { IncidentStep } from '@core/incidents';

type Translate = TFunction;

const FROM = /^from (\w+)(?:; status (\w+) as sent)?$/;
const VERSION = /^v(\d+): (.*)$/;
const CHANGE = /^(category|priority|grid|status) (\S+)→(\S+)$/;

/** The note of `step` as the timeline shows it. */
export function stepNoteText(step: Pick<IncidentStep, 'kind' | 'by' | 'note'>, t: Translate): string | null {
  const note = step.note;
  if (!note) return null;
  if (step.by !== 'feed') return note;
  const from = step.kind === 'collected' ? FROM.exec(note) : null;
  if (from) {
    const source = t(`incidents.source.${from[1]}`);
    return from[2] ? t('incidents.feedNote.fromWithStatus', { source, status: t(`incidents.status.${from[2]}`) }) : t('incidents.feedNote.from', { source });
  }
  const version = step.kind === 'updated' ? VERSION.exec(note) : null;
  if (version) {
    const parts = version[2] === 'no change' ? [t('incidents.feedNote.noChange')] : version[2].split(', ').map((part) => changeText(part, t));
    return t('incidents.feedNote.version', { version: version[1], changes: parts.join(t('incidents.feedNote.separator')) });
  }
  return note;
}

function changeText(part: string, t: Translate): string {
  if (part === 'title' || part === 'description' || part === 'location') return t(`incidents.feedNote.${part}`);
  const m = CHANGE.exec(part);
  if (!m) return part;
  const [, field, before, after] = m;
  if (field === 'status') return `${t('incidents.field.status')} ${t(`incidents.status.${before}`)}→${t(`incidents.status.${after}`)}`;
  const label = field === 'category' ? t('incidents.field.class') : field === 'grid' ? t('incidents.field.grid') : t('incidents.feedNote.priority');
  return `${label} ${before}→${after}`;
}
