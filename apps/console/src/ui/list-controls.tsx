import { useId, useState } from 'react';

export interface SortOption<T> {
  label: string;
  compare: (a: T, b: T) => number;
}

/**
 * Search and sort for a list already loaded: every word of the search must appear in the
 * row's text (names, reasons, statuses), case-insensitively.
 */
export function useListControls<T>(rows: T[] | undefined, text: (row: T) => string, sorts: SortOption<T>[]) {
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState(0);
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = (rows ?? [])
    .filter((r) => {
      const hay = text(r).toLowerCase();
      return words.every((w) => hay.includes(w));
    })
    .sort(sorts[sort]?.compare ?? (() => 0));
  return { search, setSearch, sort, setSort, shown, sorts, total: rows?.length ?? 0 };
}

export function ListControls<T>({
  controls,
  label,
  placeholder,
}: {
  controls: ReturnType<typeof useListControls<T>>;
  label: string;
  placeholder?: string;
}) {
  const id = useId();
  return (
    <div className="list-tools" role="search" aria-label={`Search ${label}`}>
      <label htmlFor={`${id}-q`}>
        Search {label}
        <input
          id={`${id}-q`}
          type="search"
          value={controls.search}
          placeholder={placeholder}
          onChange={(e) => controls.setSearch(e.target.value)}
        />
      </label>
      <label htmlFor={`${id}-s`}>
        Sort by
        <select
          id={`${id}-s`}
          value={controls.sort}
          onChange={(e) => controls.setSort(Number(e.target.value))}
        >
          {controls.sorts.map((s, i) => (
            <option key={s.label} value={i}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      {controls.search && (
        <span className="muted small" role="status">
          {controls.shown.length} of {controls.total} shown
        </span>
      )}
    </div>
  );
}

export const byText =
  <T,>(f: (row: T) => string | null | undefined) =>
  (a: T, b: T) =>
    (f(a) ?? '').localeCompare(f(b) ?? '');
export const byTime = <T,>(f: (row: T) => string | null | undefined, newestFirst = true) => {
  const t = (row: T) => Date.parse(f(row) ?? '') || 0;
  return (a: T, b: T) => (newestFirst ? t(b) - t(a) : t(a) - t(b));
};
