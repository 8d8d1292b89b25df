import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import type { EventType } from '../../shared/events.ts';

export interface NewEvent {
  type: EventType;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

/**
 * Writes a domain event in the caller's transaction: it exists if and only if the change it
 * describes committed. The dispatcher delivers it afterwards, at least once.
 */
export async function emit(tx: Tx, ctx: Ctx, event: NewEvent): Promise<string> {
  const row = await tx.one<{ id: string }>(
    `INSERT INTO outbox_events (tenant_id, event_type, aggregate_type, aggregate_id, payload)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [ctx.tenantId, event.type, event.aggregateType, event.aggregateId, JSON.stringify(event.payload)],
  );
  return row.id;
}

/** Writes many events in one statement (bulk ingest paths), in the caller's transaction. */
export async function emitMany(tx: Tx, ctx: Ctx, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.exec(
    `INSERT INTO outbox_events (tenant_id, event_type, aggregate_type, aggregate_id, payload)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::jsonb[])`,
    [
      ctx.tenantId,
      events.map((e) => e.type),
      events.map((e) => e.aggregateType),
      events.map((e) => e.aggregateId),
      events.map((e) => JSON.stringify(e.payload)),
    ],
  );
}
