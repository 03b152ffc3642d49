import { Pagination, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { problemText, type ApiProblem } from '../api/client';
import { useI18n } from '../i18n/i18n';

/** How many rows a list searched and paged on the server shows at a time. */
const PER_PAGE = 25;

/** What the server is asked for: a listing's `limit`, `offset` and `q`. */
export interface PageQuery {
  limit: number;
  offset: number;
  q?: string;
}

/**
 * A list searched and paged on the server (rooms, users), the search and the
 * page kept in the address (`?q=…&page=…`) so that a page can be reloaded and
 * bookmarked. `fetchPage` asks the API for one page; its answer is `list`
 * (null while the first one loads), which the page may change in place
 * (`setList`, a row changed by an action) or load again (`reload`). The
 * search waits for typing to pause before it asks.
 */
export function usePagedSearch<T extends { total: number }>(fetchPage: (query: PageQuery) => Promise<{ data?: T; error?: ApiProblem }>) {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [query] = useDebouncedValue(search.trim(), 250);
  const [list, setList] = useState<T | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [loads, setLoads] = useState(0);
  const reload = useCallback(() => setLoads((count) => count + 1), []);

  useEffect(() => {
    if ((params.get('q') ?? '') !== query) setParams(query === '' ? {} : { q: query }, { replace: true });
  }, [query, params, setParams]);

  useEffect(() => {
    let current = true;
    void fetchPage({ limit: PER_PAGE, offset: (page - 1) * PER_PAGE, ...(query !== '' && { q: query }) }).then(({ data, error }) => {
      if (!current) return;
      if (data) setList(data);
      else setProblem(t('common.error', { message: problemText(error) }));
    });
    return () => {
      current = false;
    };
    // `fetchPage` is a new function on every render; what it asks for is the page, the search and `loads`.
  }, [page, query, loads, t]);

  const pages = list === null ? 1 : Math.max(1, Math.ceil(list.total / PER_PAGE));
  const goTo = (next: number) => setParams({ ...(query !== '' && { q: query }), page: String(next) });
  return { search, setSearch, list, setList, reload, problem, setProblem, pages: { page, pages, goTo } };
}

/** The search box of a paged list. */
export function SearchBox({
  label,
  hint,
  value,
  onChange,
}: {
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <TextInput label={label} description={hint} type="search" value={value} onChange={(event) => onChange(event.currentTarget.value)} />
  );
}

/** The page links under a paged list, shown when there is more than one page; each names the page it goes to. */
export function PageLinks({ page, pages, goTo }: { page: number; pages: number; goTo: (page: number) => void }) {
  const { t } = useI18n();
  if (pages <= 1) return null;
  return (
    <Pagination
      total={pages}
      value={page}
      onChange={goTo}
      getControlProps={(control) => ({
        'aria-label': control === 'previous' ? t('common.previous') : control === 'next' ? t('common.next') : undefined,
      })}
      getItemProps={(item) => ({ 'aria-label': t('common.pageOf', { page: item, pages }) })}
    />
  );
}
