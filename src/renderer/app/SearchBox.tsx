/**
 * The search box and its dropdown of results (a combobox). Typing dispatches `searchChanged`;
 * the ranking lives in core. ArrowUp/Down move the highlight, Enter picks it, a pick selects the
 * grid, flies there and hands the keyboard back to the page (so arrows step siblings at once).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GridCode } from '@core/model';
import { useAppState, useDispatch } from './app-context';
import { SEARCH_INPUT_ID } from './focus';
import { Icon } from './Icon';

export function SearchBox() {
  const { t } = useTranslation('app');
  const dispatch = useDispatch();
  const search = useAppState((s) => s.search);
  const ready = useAppState((s) => s.phase === 'ready');
  const [focused, setFocused] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const listId = useId();
  const open = focused && search.query.trim() !== '';

  useEffect(() => {
    const row = listRef.current?.querySelector<HTMLElement>('[aria-selected="true"]');
    row?.scrollIntoView({ block: 'nearest' });
  }, [search.active, open]);

  const pick = (code?: GridCode): void => {
    dispatch({ type: 'searchResultPicked', code });
    inputRef.current?.blur();
  };

  return (
    <div className={`search ${open ? 'is-open' : ''}`}>
      <span className="search__icon">
        <Icon name="search" />
      </span>
      <input
        ref={inputRef}
        id={SEARCH_INPUT_ID}
        className="search__input"
        data-testid="search-input"
        type="search"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && search.results.length > 0 ? `${listId}-${search.active}` : undefined}
        aria-label={t('search.label')}
        placeholder={t('search.placeholder')}
        autoComplete="off"
        spellCheck={false}
        disabled={!ready}
        value={search.query}
        onChange={(e) => dispatch({ type: 'searchChanged', query: e.target.value })}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            dispatch({ type: 'searchCursorMoved', delta: e.key === 'ArrowDown' ? 1 : -1 });
          } else if (e.key === 'Enter') {
            // An IME composing Chinese uses Enter to commit the syllables: not a pick.
            if (e.nativeEvent.isComposing) return;
            e.preventDefault();
            if (search.results.length > 0) pick();
          } else if (e.key === 'Escape' && search.query === '') {
            inputRef.current?.blur();
          }
        }}
      />
      {!focused && search.query === '' && (
        <kbd className="search__hint" aria-hidden="true">
          /
        </kbd>
      )}
      {open && (
        <ul className="search__results" id={listId} role="listbox" ref={listRef} aria-label={t('search.resultsLabel')}>
          {search.results.length === 0 && (
            <li className="search__empty" role="presentation">
              {t('search.noResults', { query: search.query.trim() })}
            </li>
          )}
          {search.results.map((r, i) => (
            <li
              key={r.code}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === search.active}
              className="search__result"
              data-testid="search-result"
              data-code={r.code}
              // mousedown, not click: the input would blur first and close the list.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(r.code);
              }}
            >
              <span className="search__name">{r.name}</span>
              <span className="search__code">{r.code}</span>
              <span className={`badge badge--level-${r.level}`}>
                {r.kind === 'dedicated' ? t('kind.dedicated') : t(`levelShort.${r.level}`)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
