import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Tenant } from '../api/types';

const DEFAULT_CURRENCY = 'CNY';
let cached: Promise<string> | undefined;

/** The tenant's currency (ISO 4217), loaded once per page load; CNY until it is known. */
export function useCurrency(): string {
  const [currency, setCurrency] = useState(DEFAULT_CURRENCY);
  useEffect(() => {
    cached ??= api
      .get<Tenant>('/tenant')
      .then((t) => t.currency || DEFAULT_CURRENCY)
      .catch(() => {
        cached = undefined; // try again on the next screen
        return DEFAULT_CURRENCY;
      });
    let live = true;
    void cached.then((c) => {
      if (live) setCurrency(c);
    });
    return () => {
      live = false;
    };
  }, []);
  return currency;
}
