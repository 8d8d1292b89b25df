import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import type { ImportJob } from '../../api/orders';

const POLL_MS = 1000;

export const isFinished = (job: ImportJob | null) => job?.status === 'done' || job?.status === 'failed';

/** Follows an import until it is done or failed, polling GET /imports/:id once a second. */
export function useImportJob(initial: ImportJob | null, onFinished?: (job: ImportJob) => void) {
  const onError = useErrorHandler();
  const [job, setJob] = useState<ImportJob | null>(initial);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  const id = initial?.id;

  useEffect(() => {
    setJob(initial);
  }, [initial]);

  useEffect(() => {
    if (!id) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      api
        .get<ImportJob>(`/imports/${id}`)
        .then((next) => {
          if (!live) return;
          setJob(next);
          if (isFinished(next)) finished.current?.(next);
          else timer = setTimeout(poll, POLL_MS);
        })
        .catch((err: unknown) => {
          if (!live) return;
          onError(err);
          timer = setTimeout(poll, POLL_MS * 5);
        });
    };
    timer = setTimeout(poll, POLL_MS / 2);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id, onError]);

  return job;
}

/** Share of the file's data lines processed, 0–100; 100 once done. */
export function percentOf(job: ImportJob): number {
  if (job.status === 'done') return 100;
  if (job.totalLines === 0) return 0;
  return Math.min(99, Math.floor((job.processed / job.totalLines) * 100));
}
