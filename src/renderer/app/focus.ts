/** The id the search input carries, so `/` and the native menu can focus it without a ref chain. */
export const SEARCH_INPUT_ID = 'gridroom-search';

/** Focuses the search box and selects its text, ready for a new query. */
export function focusSearch(): void {
  const input = document.getElementById(SEARCH_INPUT_ID);
  if (input instanceof HTMLInputElement) {
    input.focus();
    input.select();
  }
}
