import { useEffect, useState } from 'react';
import { api } from '../api/client';

type Kind = 'stores' | 'staff';

// One lookup per id per page load, shared by every table that shows it.
const cache = new Map<string, Promise<string | null>>();

function lookup(kind: Kind, id: string): Promise<string | null> {
  const key = `${kind}/${id}`;
  let found = cache.get(key);
  if (!found) {
    found = api
      .get<{ name: string; code?: string }>(`/${kind}/${id}`)
      .then((x) => x.name)
      // No permission or gone: the id stays as the label.
      .catch(() => null);
    cache.set(key, found);
  }
  return found;
}

/** Names of the stores or staff a list refers to, fetched by id (lists can name any of thousands). */
export function useNames(kind: Kind, ids: readonly (string | null | undefined)[]) {
  const key = Array.from(new Set(ids.filter((id): id is string => Boolean(id))))
    .sort()
    .join(',');
  const [names, setNames] = useState<Record<string, string>>({});

  useEffect(() => {
    if (!key) return;
    let live = true;
    const list = key.split(',');
    void Promise.all(list.map((id) => lookup(kind, id))).then((found) => {
      if (!live) return;
      setNames((prev) => {
        const next = { ...prev };
        list.forEach((id, i) => {
          const name = found[i];
          if (name) next[id] = name;
        });
        return next;
      });
    });
    return () => {
      live = false;
    };
  }, [kind, key]);

  return (id: string | null | undefined): string => (id ? (names[id] ?? id) : '');
}
