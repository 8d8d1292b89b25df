import type { TablePaginationConfig } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page, type Query } from '../api/client';
import { useErrorHandler } from '../api/errors';

interface ListState<F> {
  filters: F;
  page: number;
  pageSize: number;
  /** Bumped by reload() to fetch the same page again. */
  nonce: number;
}

/** A server-paginated list (limit/offset) with filters; changing filters goes back to page 1. */
export function usePagedList<T, F extends Query = Query>(
  path: string,
  initialFilters: F,
  initialPageSize = 20,
) {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const [state, setState] = useState<ListState<F>>({
    filters: initialFilters,
    page: 1,
    pageSize: initialPageSize,
    nonce: 0,
  });
  const [data, setData] = useState<Page<T>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    const { filters, page, pageSize } = state;
    api
      .list<T>(path, { ...filters, limit: pageSize, offset: (page - 1) * pageSize })
      .then((result) => {
        if (!cancelled) setData(result);
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [path, state, onError]);

  const setFilters = useCallback((patch: Partial<F>) => {
    setState((s) => ({ ...s, filters: { ...s.filters, ...patch }, page: 1 }));
  }, []);

  const reload = useCallback(() => setState((s) => ({ ...s, nonce: s.nonce + 1 })), []);

  const pagination: TablePaginationConfig = {
    current: state.page,
    pageSize: state.pageSize,
    total: data.total,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (count) => t('common.total', { count }),
    onChange: (page, pageSize) =>
      setState((s) => ({ ...s, page: pageSize === s.pageSize ? page : 1, pageSize })),
  };

  return {
    items: data.items,
    total: data.total,
    loading,
    filters: state.filters,
    setFilters,
    reload,
    tableProps: { dataSource: data.items, loading, pagination, rowKey: 'id' as const },
  };
}
