import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Jobs } from '../modules/jobs/jobs.ts';
import type { SessionPolicy } from '../modules/staff/sessions.ts';
import type { Cipher } from '../shared/crypto.ts';

/** What the HTTP layer and the workers are built from. */
export interface AppDeps {
  config: Config;
  db: Database;
  cipher: Cipher;
  sessionPolicy: SessionPolicy;
  jobs: Jobs;
}
