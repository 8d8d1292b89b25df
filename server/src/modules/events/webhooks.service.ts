import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { type Cipher, randomToken } from '../../shared/crypto.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';
import { audit } from '../audit/audit.ts';

export interface WebhookRow extends Record<string, unknown> {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface DeliveryRow extends Record<string, unknown> {
  id: string;
  webhook_id: string;
  event_id: string | null;
  event_type: string;
  status: 'pending' | 'succeeded' | 'failed' | 'dead';
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  created_at: Date;
  delivered_at: Date | null;
}

const columns = 'id, url, events, active, created_at, updated_at';
const deliveryColumns =
  'id, webhook_id, event_id, event_type, status, attempts, last_status_code, last_error, next_attempt_at, created_at, delivered_at';

export async function listWebhooks(tx: Tx, page: { limit: number; offset: number }) {
  const total = await tx.one<{ n: number }>(
    'SELECT count(*)::int AS n FROM webhooks WHERE deleted_at IS NULL',
  );
  const items = await tx.many<WebhookRow>(
    `SELECT ${columns} FROM webhooks WHERE deleted_at IS NULL ORDER BY id DESC LIMIT $1 OFFSET $2`,
    [page.limit, page.offset],
  );
  return { items, total: total.n };
}

export async function getWebhook(tx: Tx, id: string): Promise<WebhookRow> {
  const row = await tx.maybeOne<WebhookRow>(
    `SELECT ${columns} FROM webhooks WHERE id = $1 AND deleted_at IS NULL`,
    [id],
  );
  if (!row) throw notFound('Webhook');
  return row;
}

export async function createWebhook(
  tx: Tx,
  ctx: Ctx,
  cipher: Cipher,
  input: { url: string; events: string[]; active?: boolean | undefined },
): Promise<WebhookRow & { secret: string }> {
  const secret = `whsec_${randomToken(24)}`;
  const row = await tx.one<WebhookRow>(
    `INSERT INTO webhooks (tenant_id, url, events, secret_enc, active) VALUES ($1, $2, $3, $4, $5) RETURNING ${columns}`,
    [ctx.tenantId, input.url, input.events, cipher.encrypt(secret), input.active ?? true],
  );
  await audit(tx, ctx, {
    action: 'webhook.created',
    entityType: 'webhook',
    entityId: toPublicId('webhook', row.id),
    after: row,
  });
  return { ...row, secret };
}

export async function updateWebhook(
  tx: Tx,
  ctx: Ctx,
  id: string,
  patch: { url?: string | undefined; events?: string[] | undefined; active?: boolean | undefined },
): Promise<WebhookRow> {
  const before = await getWebhook(tx, id);
  const after = await tx.one<WebhookRow>(
    `UPDATE webhooks SET url = coalesce($2, url), events = coalesce($3, events), active = coalesce($4, active), updated_at = now()
     WHERE id = $1 RETURNING ${columns}`,
    [id, patch.url ?? null, patch.events ?? null, patch.active ?? null],
  );
  await audit(tx, ctx, {
    action: 'webhook.updated',
    entityType: 'webhook',
    entityId: toPublicId('webhook', id),
    before,
    after,
  });
  return after;
}

export async function deleteWebhook(tx: Tx, ctx: Ctx, id: string): Promise<void> {
  const before = await getWebhook(tx, id);
  await tx.exec('UPDATE webhooks SET deleted_at = now(), active = false WHERE id = $1', [id]);
  await audit(tx, ctx, {
    action: 'webhook.deleted',
    entityType: 'webhook',
    entityId: toPublicId('webhook', id),
    before,
  });
}

export async function listDeliveries(tx: Tx, webhookId: string, page: { limit: number; offset: number }) {
  await getWebhook(tx, webhookId);
  const total = await tx.one<{ n: number }>(
    'SELECT count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1',
    [webhookId],
  );
  const items = await tx.many<DeliveryRow>(
    `SELECT ${deliveryColumns} FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3`,
    [webhookId, page.limit, page.offset],
  );
  return { items, total: total.n };
}

/** Resets a delivery to pending; the caller enqueues it in the same transaction. */
export async function replayDelivery(tx: Tx, ctx: Ctx, deliveryId: string): Promise<DeliveryRow> {
  const row = await tx.maybeOne<DeliveryRow>(
    `UPDATE webhook_deliveries d SET status = 'pending', next_attempt_at = now()
     FROM webhooks w WHERE d.id = $1 AND w.tenant_id = d.tenant_id AND w.id = d.webhook_id AND w.deleted_at IS NULL
     RETURNING ${deliveryColumns
       .split(', ')
       .map((c) => `d.${c}`)
       .join(', ')}`,
    [deliveryId],
  );
  if (!row) throw notFound('Delivery');
  await audit(tx, ctx, {
    action: 'webhook.delivery_replayed',
    entityType: 'webhook_delivery',
    entityId: toPublicId('webhookDelivery', deliveryId),
  });
  return row;
}

/** A delivery of a `webhook.test` event to one webhook, so an integrator can check their endpoint. */
export async function createTestDelivery(tx: Tx, ctx: Ctx, webhookId: string): Promise<DeliveryRow> {
  const hook = await getWebhook(tx, webhookId);
  if (!hook.active) throw new AppError('CONFLICT', 'The webhook is inactive');
  const payload = {
    id: null,
    tenantId: toPublicId('tenant', ctx.tenantId),
    type: 'webhook.test',
    aggregateType: 'webhook',
    aggregateId: toPublicId('webhook', webhookId),
    payload: { message: 'Test event from Siyu' },
    occurredAt: new Date().toISOString(),
  };
  return tx.one<DeliveryRow>(
    `INSERT INTO webhook_deliveries (tenant_id, webhook_id, event_type, payload) VALUES ($1, $2, 'webhook.test', $3)
     RETURNING ${deliveryColumns}`,
    [ctx.tenantId, webhookId, JSON.stringify(payload)],
  );
}
