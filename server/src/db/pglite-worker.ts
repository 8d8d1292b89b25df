// Owns the embedded PGlite instance on its own thread, so queries never stall the HTTP event
// loop, and serves it over the PostgreSQL wire protocol on loopback: the rest of Siyu talks to
// it with the same driver (node-pg) it uses for a PostgreSQL server.
import { readFile, writeFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const { dataDir, templateFile } = workerData as { dataDir: string; templateFile?: string };
// A template (a dump of an initialised, migrated database) skips initdb: tests start in ~0.5 s.
const db = templateFile
  ? await PGlite.create({ dataDir, loadDataDir: new Blob([await readFile(templateFile)]) })
  : await PGlite.create(dataDir);
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
await server.start();
const address = (server as unknown as { server: { address(): { port: number } } }).server.address();
parentPort!.postMessage({ type: 'ready', port: address.port });

parentPort!.on('message', async (message: { type: string; path?: string }) => {
  if (message.type === 'dump' && message.path) {
    const dump = await db.dumpDataDir('none');
    await writeFile(message.path, Buffer.from(await dump.arrayBuffer()));
    parentPort!.postMessage({ type: 'dumped' });
  }
  if (message.type === 'stop') {
    await server.stop();
    await db.close();
    parentPort!.postMessage({ type: 'stopped' });
    parentPort!.close();
  }
});
