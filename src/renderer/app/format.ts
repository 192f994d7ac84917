/**
 * Number formatting for the panels: grouped digits in the UI language.
 */
import { HTML_LANG } from '../i18n';
import type { Language } from '@core/state';

const formatters = new Map<Language, Intl.NumberFormat>();

/** 34804 → "34,804". */
export function formatCount(n: number, language: Language): string {
  let f = formatters.get(language);
  if (!f) {
    f = new Intl.NumberFormat(HTML_LANG[language], { maximumFractionDigits: 0 });
    formatters.set(language, f);
  }
  return f.format(n);
}
