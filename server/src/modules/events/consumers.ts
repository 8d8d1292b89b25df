import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import type { DomainEvent, EventType } from '../../shared/events.ts';

/**
 * An in-process reaction to domain events. It runs at least once per event; the dispatcher
 * records each (event, consumer) pair in the handler's transaction, so its effect happens once.
 */
export interface Consumer {
  name: string;
  events: readonly EventType[];
  handle(tx: Tx, ctx: Ctx, event: DomainEvent): Promise<void>;
}

/**
 * A consumer that takes events in batches (up to `batchSize` of one tenant, in outbox order, in
 * one transaction), for reactions that are much cheaper set-based: settling orders into points,
 * rolling up KPIs. Each event still counts as consumed once: a retried batch skips those done.
 */
export interface BatchConsumer {
  name: string;
  events: readonly EventType[];
  batchSize: number;
  handleMany(tx: Tx, ctx: Ctx, events: DomainEvent[]): Promise<void>;
}

export type AnyConsumer = Consumer | BatchConsumer;

export const isBatchConsumer = (c: AnyConsumer): c is BatchConsumer => 'handleMany' in c;

export class ConsumerRegistry {
  private readonly consumers = new Map<string, AnyConsumer>();

  add(consumer: AnyConsumer): void {
    if (this.consumers.has(consumer.name)) throw new Error(`consumer ${consumer.name} registered twice`);
    this.consumers.set(consumer.name, consumer);
  }

  get(name: string): AnyConsumer | undefined {
    return this.consumers.get(name);
  }

  for(type: string): AnyConsumer[] {
    return [...this.consumers.values()].filter((c) => (c.events as readonly string[]).includes(type));
  }
}

export function toDomainEvent(row: {
  id: string;
  tenant_id: string;
  event_type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}): DomainEvent {
  return {
    id: `evt_${row.id}`,
    tenantId: `ten_${row.tenant_id}`,
    type: row.event_type as EventType,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    payload: row.payload,
    occurredAt: row.occurred_at.toISOString(),
  };
}
