import type { Database } from '../../db/database.ts';
import { type Cipher, hmacSha256 } from '../../shared/crypto.ts';

/**
 * The signature a receiver checks: HMAC-SHA256 over `<unix seconds>.<raw body>` with the
 * webhook's secret, sent as `Siyu-Signature: t=<unix seconds>,v1=<hex>`.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${hmacSha256(secret, `${timestamp}.${body}`).toString('hex')}`;
}

/**
 * Sends one delivery and records the attempt. Throws on failure so the queue retries it with
 * back-off; on the final attempt the delivery is marked dead (the console can replay it).
 */
export async function deliverWebhook(
  db: Database,
  cipher: Cipher,
  tenantId: string,
  deliveryId: string,
  { final }: { final: boolean },
): Promise<void> {
  const target = await db.tenant(tenantId, (tx) =>
    tx.maybeOne<{ url: string; secret_enc: string; payload: unknown; event_type: string; active: boolean }>(
      `SELECT w.url, w.secret_enc, d.payload, d.event_type, w.active AND w.deleted_at IS NULL AS active
       FROM webhook_deliveries d JOIN webhooks w ON w.tenant_id = d.tenant_id AND w.id = d.webhook_id
       WHERE d.id = $1`,
      [deliveryId],
    ),
  );
  if (!target?.active) return;
  const body = JSON.stringify(target.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  let status: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Siyu-Webhooks/1',
        'siyu-event': target.event_type,
        'siyu-delivery': `whd_${deliveryId}`,
        'siyu-signature': signWebhook(cipher.decrypt(target.secret_enc), timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    status = response.status;
    await response.body?.cancel();
    if (status < 200 || status >= 300) error = `HTTP ${status}`;
  } catch (e) {
    error = (e as Error).message.slice(0, 500);
  }
  const outcome = error === null ? 'succeeded' : final ? 'dead' : 'failed';
  await db.tenant(tenantId, (tx) =>
    tx.exec(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, status = $2, last_status_code = $3, last_error = $4,
         delivered_at = CASE WHEN $2 = 'succeeded' THEN now() ELSE delivered_at END,
         next_attempt_at = CASE WHEN $2 = 'failed' THEN now() + make_interval(secs => 10 * power(2, attempts)) ELSE NULL END
       WHERE id = $1`,
      [deliveryId, outcome, status, error],
    ),
  );
  if (error !== null) throw new Error(`webhook delivery whd_${deliveryId} failed: ${error}`);
}
