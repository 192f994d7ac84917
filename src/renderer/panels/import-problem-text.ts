/**
 * Turns an import problem into a sentence in the UI language: the key `import.problem.<kind>`,
 * with the problem's reason (or `where`, or `hint`) as i18next context, so each variant names
 * only the details it has. Indexes in details count from 0; people count from 1.
 */
import type { TFunction } from 'i18next';
import type { ImportProblem } from '@core/import';

const INDEX_FIELDS: ReadonlySet<string> = new Set(['polygon', 'ring', 'position', 'firstIndex', 'parentIndex']);

export function problemText(problem: ImportProblem, t: TFunction): string {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(problem.detail)) {
    params[key] = INDEX_FIELDS.has(key) && typeof value === 'number' ? value + 1 : value;
  }
  const d = problem.detail;
  if (typeof d.parentProblem === 'string') params.parentProblemText = t(`import.kind.${d.parentProblem}`, { defaultValue: d.parentProblem });
  const context = [d.hint, d.reason, d.where].find((v): v is string => typeof v === 'string');
  let text = t(`import.problem.${problem.kind}`, { ...params, context, defaultValue: problem.kind });
  if (problem.kind === 'missing_parent' && d.nearest !== undefined) {
    text += t('import.nearest', { nearest: d.nearest, nearestPercent: d.nearestPercent ?? '?' });
  }
  return text;
}
