import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** Loads on mount, again when `key` changes or on reload(); the latest request's answer wins. */
export function useLoad<T>(load: () => Promise<T>, key = ''): Loaded<T> {
  const latest = useRef(load);
  latest.current = load;
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  const current = useRef('');
  useEffect(() => {
    const mine = `${key}#${version}`;
    current.current = mine;
    setLoading(true);
    latest.current().then(
      (value) => {
        if (current.current !== mine) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (current.current !== mine) return;
        setError(e);
        setLoading(false);
      },
    );
  }, [key, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading, reload };
}
