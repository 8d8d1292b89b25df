import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { useErrorHandler } from '../api/errors';

/** For endpoints returning `{ items: string[] }` such as permissions and webhook event types. */
export function useStringList(path: string): { items: string[]; loading: boolean } {
  const onError = useErrorHandler();
  const [items, setItems] = useState<string[]>([]);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let cancelled = false;
    api
      .get<{ items: string[] }>(path)
      .then((res) => {
        if (!cancelled) setItems(res.items);
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
  }, [path, onError]);

  return { items, loading };
}
