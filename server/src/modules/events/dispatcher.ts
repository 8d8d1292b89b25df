import type { Logger } from 'pino';
import type { Database, Tx } from '../../db/database.ts';
import { systemCtx } from '../../shared/context.ts';
import type { Cipher } from '../../shared/crypto.ts';
import { allPermissions } from '../../shared/permissions.ts';
import type { Jobs } from '../jobs/jobs.ts';
import { type ConsumerRegistry, isBatchConsumer, toDomainEvent } from './consumers.ts';
import { deliverWebhook } from './webhook-sender.ts';

export const consumeQueue = 'outbox.consume';
export const deliverQueue = 'webhook.deliver';
const webhookRetryLimit = 8;
/** Events per dispatch transaction. */
const dispatchLimit = 1_000;

interface EventRow extends Record<string, unknown> {
  id: string;
  tenant_id: string;
  event_type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

/**
 * Moves committed outbox events onto the job queue: one job per interested consumer and event
 * (or per batch of a tenant's events for batch consumers) and one delivery per subscribed
 * webhook, enqueued in the same transaction that marks the events published. A crash in between
 * leaves them unpublished, so they are picked up again. While it finds full batches it goes on at
 * once, so a burst (a million imported orders) drains at the speed of the database, not the tick.
 */
export class OutboxDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private readonly db: Database;
  private readonly jobs: Jobs;
  private readonly consumers: ConsumerRegistry;
  private readonly log: Logger;

  constructor(db: Database, jobs: Jobs, consumers: ConsumerRegistry, log: Logger) {
    this.db = db;
    this.jobs = jobs;
    this.consumers = consumers;
    this.log = log;
  }

  /** Declares the queues this dispatcher feeds; call before jobs.start(). */
  registerQueues(cipher: Cipher): void {
    this.jobs.register<ConsumeJob>(consumeQueue, async (job) => {
      await this.consume(job.data);
    });
    this.jobs.register<{ tenantId: string; deliveryId: string }>(
      deliverQueue,
      async (job) => {
        const final = job.retryCount >= webhookRetryLimit;
        await deliverWebhook(this.db, cipher, job.data.tenantId, job.data.deliveryId, { final });
      },
      { retryLimit: webhookRetryLimit, retryDelay: 10, retryBackoff: true, retryDelayMax: 3_600 },
    );
  }

  start(intervalMs = 500): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      let full = false;
      this.running = this.dispatchOnce()
        .then((n) => {
          full = n === dispatchLimit;
        })
        .catch((error: unknown) => this.log.error({ err: error }, 'outbox dispatch failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, full ? 0 : intervalMs);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Dispatches one batch; returns how many events it published. */
  async dispatchOnce(limit = dispatchLimit): Promise<number> {
    return this.db.system(async (tx) => {
      const events = await tx.many<Pick<EventRow, 'id' | 'tenant_id' | 'event_type'>>(
        `SELECT id, tenant_id, event_type FROM outbox_events
         WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (events.length === 0) return 0;
      // Batch consumers get one job per tenant per dispatch with its events in outbox order; the
      // job takes them batchSize at a time. (Jobs of one dispatch share a creation time, so
      // several per consumer could run in any order.)
      const batches = new Map<string, { tenantId: string; consumer: string; ids: string[] }>();
      for (const e of events) {
        for (const consumer of this.consumers.for(e.event_type)) {
          if (!isBatchConsumer(consumer)) {
            await this.jobs.send(
              consumeQueue,
              { tenantId: e.tenant_id, eventId: e.id, consumer: consumer.name },
              { tx, singletonKey: `${e.tenant_id}:${e.id}:${consumer.name}` },
            );
            continue;
          }
          const key = `${e.tenant_id}|${consumer.name}`;
          let batch = batches.get(key);
          if (!batch) {
            batch = { tenantId: e.tenant_id, consumer: consumer.name, ids: [] };
            batches.set(key, batch);
          }
          batch.ids.push(e.id);
        }
      }
      for (const batch of batches.values()) await this.sendBatch(tx, batch);
      const deliveries = await tx.many<{ id: string; tenant_id: string }>(
        `INSERT INTO webhook_deliveries (tenant_id, webhook_id, event_id, event_type, payload)
         SELECT w.tenant_id, w.id, e.id, e.event_type,
           jsonb_build_object('id', 'evt_' || e.id, 'tenantId', 'ten_' || e.tenant_id, 'type', e.event_type,
             'aggregateType', e.aggregate_type, 'aggregateId', e.aggregate_id, 'payload', e.payload,
             'occurredAt', to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
         FROM outbox_events e
         JOIN webhooks w ON w.tenant_id = e.tenant_id AND w.active AND w.deleted_at IS NULL AND e.event_type = ANY (w.events)
         WHERE e.id = ANY ($1::bigint[])
         ORDER BY e.id, w.id
         ON CONFLICT DO NOTHING RETURNING id, tenant_id`,
        [events.map((e) => e.id)],
      );
      for (const d of deliveries) {
        await this.jobs.send(deliverQueue, { tenantId: d.tenant_id, deliveryId: d.id }, { tx });
      }
      await tx.exec('UPDATE outbox_events SET published_at = now() WHERE id = ANY ($1::bigint[])', [
        events.map((e) => e.id),
      ]);
      return events.length;
    });
  }

  private async sendBatch(tx: Tx, batch: { tenantId: string; consumer: string; ids: string[] }) {
    if (batch.ids.length === 0) return;
    await this.jobs.send(
      consumeQueue,
      { tenantId: batch.tenantId, eventIds: batch.ids, consumer: batch.consumer },
      { tx, singletonKey: `${batch.tenantId}:${batch.ids[0]}:${batch.consumer}` },
    );
  }

  /**
   * Runs a consumer on the events of a job that it has not consumed yet: a batch consumer
   * batchSize events per transaction, so a retried job skips the slices already done.
   */
  private async consume(job: ConsumeJob): Promise<void> {
    const consumer = this.consumers.get(job.consumer);
    if (!consumer) return;
    const ids = 'eventIds' in job ? job.eventIds : [job.eventId];
    const size = isBatchConsumer(consumer) ? consumer.batchSize : ids.length;
    for (let i = 0; i < ids.length; i += size) {
      const slice = ids.slice(i, i + size);
      await this.db.tenant(job.tenantId, async (tx) => {
        const fresh = await tx.many<EventRow>(
          `WITH claimed AS (
             INSERT INTO outbox_consumptions (tenant_id, event_id, consumer)
             SELECT $1, id, $3 FROM unnest($2::bigint[]) AS id
             ON CONFLICT DO NOTHING RETURNING event_id)
           SELECT e.id, e.tenant_id, e.event_type, e.aggregate_type, e.aggregate_id, e.payload, e.occurred_at
           FROM outbox_events e JOIN claimed c ON c.event_id = e.id
           ORDER BY e.id`,
          [job.tenantId, slice, job.consumer],
        );
        if (fresh.length === 0) return;
        const ctx = systemCtx(job.tenantId, allPermissions, `consumer ${job.consumer}`);
        if (isBatchConsumer(consumer)) await consumer.handleMany(tx, ctx, fresh.map(toDomainEvent));
        else for (const row of fresh) await consumer.handle(tx, ctx, toDomainEvent(row));
      });
    }
  }
}

type ConsumeJob =
  | { tenantId: string; eventId: string; consumer: string }
  | { tenantId: string; eventIds: string[]; consumer: string };
