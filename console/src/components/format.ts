import dayjs from 'dayjs';

/** Local date-time for tables; empty for missing values. */
export function formatTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : '';
}

/** Drops empty strings so optional fields are omitted rather than sent as "". */
export function compact<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== '' && v !== undefined),
  ) as Partial<T>;
}
