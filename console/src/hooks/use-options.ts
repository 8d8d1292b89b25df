import { useEffect, useMemo, useState } from 'react';
import { api, type Query } from '../api/client';

interface Named {
  id: string;
  name: string;
  code?: string;
}

// Reference lists (business units, regions) are small; one page covers them.
const OPTIONS_LIMIT = 100;

/** Loads a small reference list for selects and id → name lookups in tables. */
export function useOptions<T extends Named>(path: string, query?: Query) {
  const [items, setItems] = useState<T[]>([]);
  const [loading, setLoading] = useState(true);
  const queryKey = JSON.stringify(query ?? {});

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    api
      .list<T>(path, { ...(JSON.parse(queryKey) as Query), limit: OPTIONS_LIMIT, offset: 0 })
      .then((page) => {
        if (!cancelled) setItems(page.items);
      })
      .catch(() => {
        // A missing lookup only degrades labels to raw ids; the page itself reports real errors.
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [path, queryKey]);

  return useMemo(() => {
    const byId = new Map(items.map((item) => [item.id, item]));
    return {
      items,
      loading,
      options: items.map((item) => ({
        value: item.id,
        label: item.code ? `${item.name} (${item.code})` : item.name,
      })),
      nameOf: (id: string | null | undefined) => (id ? (byId.get(id)?.name ?? id) : ''),
    };
  }, [items, loading]);
}
