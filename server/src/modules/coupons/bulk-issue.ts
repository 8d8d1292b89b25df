import { z } from 'zod';
import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError, invalid } from '../../shared/errors.ts';
import { parseFieldId, toPublicId } from '../../shared/ids.ts';
import { parsePhone } from '../members/phone.ts';
import { readCsv } from '../orders/imports.csv.ts';
import { issueCoupons, maxIssue, type SkipReason } from './issue.service.ts';
import { membersByPhoneHash } from './member-lookup.ts';

export const bulkIssueOut = z.object({
  templateId: z.string(),
  lines: z.number().int(),
  issued: z.number().int(),
  failed: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), value: z.string(), message: z.string() })),
});

const why: Record<SkipReason, string> = {
  member_not_found: 'no such member (or not one of yours)',
  duplicate: 'the same member appears earlier in the file',
  limit_reached: 'this member has as many of these coupons as allowed',
  out_of_stock: 'out of stock before this line',
};

/**
 * Issues to a CSV list of members — by id (`mem_42`) or phone — reporting each bad line with the
 * reason; good lines are issued in one set-based call (same stock and limit rules, same key rules).
 */
export async function bulkIssue(
  tx: Tx,
  ctx: Ctx,
  hmacKey: Buffer,
  input: { templateId: string; content: string; fileName?: string | undefined; idempotencyKey: string },
): Promise<z.infer<typeof bulkIssueOut>> {
  const { rows, errors: csvErrors, dataLines } = readCsv(input.content, ['member_id', 'phone'], []);
  if (dataLines > maxIssue) throw new AppError('PAYLOAD_TOO_LARGE', `At most ${maxIssue} lines per file`);
  if (rows.length > 0 && !('member_id' in rows[0]!.values) && !('phone' in rows[0]!.values)) {
    throw invalid('content', 'the header needs a member_id or a phone column');
  }
  const errors = csvErrors.map((e) => ({ line: e.line, value: '', message: e.message }));
  const byPhone = new Map<string, { line: number; value: string }[]>();
  const byId: { line: number; value: string; id: string }[] = [];
  for (const { line, values } of rows) {
    const idText = values.member_id?.trim() ?? '';
    const phoneText = values.phone?.trim() ?? '';
    try {
      if (idText) byId.push({ line, value: idText, id: parseFieldId('member', idText, 'member_id') });
      else if (phoneText) {
        const hash = parsePhone(phoneText, hmacKey, 'phone').hash;
        byPhone.set(hash, [...(byPhone.get(hash) ?? []), { line, value: phoneText }]);
      } else errors.push({ line, value: '', message: 'neither member_id nor phone given' });
    } catch (e) {
      const value = idText || phoneText;
      const message =
        e instanceof AppError && e.errors?.[0] ? `${e.errors[0].field}: ${e.errors[0].message}` : String(e);
      errors.push({ line, value, message });
    }
  }
  const found = await membersByPhoneHash(tx, [...byPhone.keys()]);
  for (const [hash, lines] of byPhone) {
    const ids = found.get(hash) ?? [];
    for (const l of lines) {
      if (ids.length === 1) byId.push({ ...l, id: ids[0]! });
      else
        errors.push({
          ...l,
          message: ids.length === 0 ? 'no member with this phone' : 'several members have this phone',
        });
    }
  }
  byId.sort((a, b) => a.line - b.line);
  let issued = 0;
  if (byId.length > 0) {
    const result = await issueCoupons(tx, ctx, {
      templateId: input.templateId,
      memberIds: byId.map((x) => x.id),
      source: { type: 'import', id: input.fileName ?? null },
      idempotencyKey: input.idempotencyKey,
    });
    issued = result.issued.length;
    // Skips name the member as given. A member on several lines is issued on the first and a
    // duplicate on the others; any other reason belongs to its first line.
    const lines = new Map<string, typeof byId>();
    for (const x of byId) lines.set(x.id, [...(lines.get(x.id) ?? []), x]);
    for (const s of result.skipped) {
      const mine = lines.get(s.memberId) ?? [];
      const x = s.reason === 'duplicate' ? mine.splice(1, 1)[0] : mine[0];
      if (x) errors.push({ line: x.line, value: x.value, message: why[s.reason] });
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return {
    templateId: toPublicId('couponTemplate', input.templateId),
    lines: dataLines,
    issued,
    failed: errors.length,
    errors: errors.slice(0, 1_000),
  };
}
