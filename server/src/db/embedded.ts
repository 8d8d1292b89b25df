import { mkdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

export interface EmbeddedServer {
  url: string;
  /** Writes the whole database to a file, to start later instances from (tests). */
  dump(path: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts PGlite on a worker thread and returns a postgres:// URL for it. `dataDir` is a folder,
 * or 'memory://' for a throw-away database (tests), optionally started from a dump.
 */
export async function startEmbedded(dataDir: string, templateFile?: string): Promise<EmbeddedServer> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const worker = new Worker(new URL('./pglite-worker.ts', import.meta.url), {
    workerData: { dataDir, templateFile },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`embedded database exited (${code}) while starting`)));
    worker.on('message', (m: { type: string; port?: number }) => {
      if (m.type === 'ready') resolve(m.port!);
    });
  });
  worker.removeAllListeners('exit');
  const reply = (type: string) =>
    new Promise<void>((resolve) => {
      const onMessage = (m: { type: string }) => {
        if (m.type !== type) return;
        worker.off('message', onMessage);
        resolve();
      };
      worker.on('message', onMessage);
      worker.once('exit', () => resolve());
    });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async dump(path) {
      const done = reply('dumped');
      worker.postMessage({ type: 'dump', path });
      await done;
    },
    async stop() {
      const stopped = reply('stopped');
      worker.postMessage({ type: 'stop' });
      await stopped;
      await worker.terminate();
    },
  };
}
