import type { Logger } from 'pino';
import type { Database } from '../../db/database.ts';
import { systemCtx } from '../../shared/context.ts';
import type { Cipher } from '../../shared/crypto.ts';
import { allPermissions } from '../../shared/permissions.ts';
import type { Jobs } from '../jobs/jobs.ts';
import { type ConsumerRegistry, toDomainEvent } from './consumers.ts';
import { deliverWebhook } from './webhook-sender.ts';

export const consumeQueue = 'outbox.consume';
export const deliverQueue = 'webhook.deliver';
const webhookRetryLimit = 8;

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
 * Moves committed outbox events onto the job queue: one job per interested consumer and one
 * delivery per subscribed webhook, enqueued in the same transaction that marks the event
 * published. A crash in between leaves the event unpublished, so it is picked up again.
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
    this.jobs.register<{ tenantId: string; eventId: string; consumer: string }>(consumeQueue, async (job) => {
      await this.consume(job.data.tenantId, job.data.eventId, job.data.consumer);
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
      this.running = this.dispatchOnce()
        .then(() => undefined)
        .catch((error: unknown) => this.log.error({ err: error }, 'outbox dispatch failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
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
  async dispatchOnce(limit = 200): Promise<number> {
    return this.db.system(async (tx) => {
      const events = await tx.many<EventRow>(
        `SELECT id, tenant_id, event_type, aggregate_type, aggregate_id, payload, occurred_at
         FROM outbox_events WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      for (const e of events) {
        for (const consumer of this.consumers.for(e.event_type)) {
          await this.jobs.send(
            consumeQueue,
            { tenantId: e.tenant_id, eventId: e.id, consumer: consumer.name },
            { tx, singletonKey: `${e.tenant_id}:${e.id}:${consumer.name}` },
          );
        }
        const deliveries = await tx.many<{ id: string }>(
          `INSERT INTO webhook_deliveries (tenant_id, webhook_id, event_id, event_type, payload)
           SELECT w.tenant_id, w.id, $2, $3, $4 FROM webhooks w
           WHERE w.tenant_id = $1 AND w.active AND w.deleted_at IS NULL AND $3 = ANY (w.events)
           ON CONFLICT DO NOTHING RETURNING id`,
          [e.tenant_id, e.id, e.event_type, JSON.stringify(toDomainEvent(e))],
        );
        for (const d of deliveries) {
          await this.jobs.send(deliverQueue, { tenantId: e.tenant_id, deliveryId: d.id }, { tx });
        }
      }
      if (events.length > 0) {
        await tx.exec('UPDATE outbox_events SET published_at = now() WHERE id = ANY ($1::bigint[])', [
          events.map((e) => e.id),
        ]);
      }
      return events.length;
    });
  }

  private async consume(tenantId: string, eventId: string, consumerName: string): Promise<void> {
    const consumer = this.consumers.get(consumerName);
    if (!consumer) return;
    await this.db.tenant(tenantId, async (tx) => {
      const first = await tx.exec(
        `INSERT INTO outbox_consumptions (tenant_id, event_id, consumer) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [tenantId, eventId, consumerName],
      );
      if (first === 0) return;
      const row = await tx.one<EventRow>(
        'SELECT id, tenant_id, event_type, aggregate_type, aggregate_id, payload, occurred_at FROM outbox_events WHERE id = $1',
        [eventId],
      );
      await consumer.handle(
        tx,
        systemCtx(tenantId, allPermissions, `consumer ${consumerName}`),
        toDomainEvent(row),
      );
    });
  }
}
