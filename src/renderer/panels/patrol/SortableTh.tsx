/** A column header that sorts its table: a button inside the th, aria-sort on the th. */
import type { SortSpec } from './patrol-view-model';

export function SortableTh<K extends string>({
  column,
  label,
  title,
  sort,
  onSort,
  firstDir = 'desc',
  className = '',
}: {
  column: K;
  label: string;
  /** The header's accessible name when the label is an abbreviation. */
  title?: string;
  sort: SortSpec<K>;
  onSort: (next: SortSpec<K>) => void;
  /** Direction of the first click on this column (figures: largest first). */
  firstDir?: 'asc' | 'desc';
  className?: string;
}) {
  const on = sort.key === column;
  const next: SortSpec<K> = { key: column, dir: on ? (sort.dir === 'asc' ? 'desc' : 'asc') : firstDir };
  return (
    <th scope="col" className={className} aria-sort={on ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="patrol-sort" title={title} data-sort={column} onClick={() => onSort(next)}>
        {label}
        <span className="patrol-sort__arrow" aria-hidden="true">
          {on ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
}
