import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addStaff, createTestTenant, startTestApp, type TestApp } from '../../../test/harness.ts';

describe('members: OneID, profile, PII', () => {
  let t: TestApp;
  let admin: string;
  let tenantId: string;
  before(async () => {
    t = await startTestApp();
    const tenant = await createTestTenant(t.db, 'crm');
    tenantId = tenant.id;
    admin = await t.login(tenant.code, 'admin');
  });
  after(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, body?: unknown, cookie = admin) =>
    t.request(method, url, { cookie, ...(body !== undefined ? { body } : {}) });

  test('create with a phone: stored encrypted, shown masked, found by phone, name or card', async () => {
    const res = await call('POST', '/api/v1/members', {
      profile: {
        name: '王小明',
        phone: '138 0013 8000',
        gender: 'male',
        birthday: '1990-05-01',
        consents: { marketing_sms: true },
      },
      join: { channel: 'store_pos' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const m = res.json();
    assert.equal(m.phone, '138****8000');
    assert.equal(m.identities[0].kind, 'phone');
    assert.equal(m.identities[0].value, '138****8000');
    assert.equal(m.provenance.name.source, 'console');
    assert.equal(m.consents.marketing_sms.granted, true);
    const raw = await t.db.system((tx) =>
      tx.one<{ phone_enc: string; v: string }>(
        "SELECT phone_enc, (SELECT value FROM member_identities WHERE kind = 'phone') AS v FROM members",
      ),
    );
    assert.ok(
      !raw.phone_enc.includes('13800138000') && !raw.v.includes('13800138000'),
      'no plaintext phone at rest',
    );
    await call('POST', `/api/v1/members/${m.id}/identities`, { kind: 'store_card', value: 'CARD-0001' });
    for (const q of ['13800138000', '+86 13800138000', '王小', 'CARD-0001']) {
      const found = await call('GET', `/api/v1/members?q=${encodeURIComponent(q)}`);
      assert.deepEqual(
        found.json().items.map((x: { id: string }) => x.id),
        [m.id],
        `search ${q}`,
      );
    }
    const again = await call('POST', '/api/v1/members', { profile: { name: 'Dup', phone: '13800138000' } });
    assert.equal(again.statusCode, 200, 'the same phone is the same member');
    assert.equal(again.json().id, m.id);
  });

  test('unmasking a phone needs the permission and a reason, and is audit-logged', async () => {
    const m = (await call('POST', '/api/v1/members', { profile: { phone: '13900001111' } })).json();
    const { id: storeId } = (
      await call('POST', '/api/v1/stores', { code: 'UM', name: 'Unmask store' })
    ).json();
    await addStaff(t.db, tenantId, { username: 'op', role: 'operator', scope: 'all' });
    const op = await t.login('crm', 'op');
    assert.equal(
      (await call('POST', `/api/v1/members/${m.id}/unmask-phone`, { reason: 'customer called' }, op))
        .statusCode,
      403,
    );
    assert.equal((await call('POST', `/api/v1/members/${m.id}/unmask-phone`, {})).statusCode, 400);
    const ok = await call('POST', `/api/v1/members/${m.id}/unmask-phone`, {
      reason: 'customer called about delivery',
    });
    assert.deepEqual(ok.json(), { phone: '13900001111' });
    const log = (await call('GET', `/api/v1/audit-log?action=member.phone_unmasked`)).json();
    assert.equal(log.items[0].entityId, m.id);
    assert.equal(log.items[0].after.reason, 'customer called about delivery');
    assert.ok(storeId);
  });

  test('bad input names the field: invalid phone, unknown store, attributes against the tenant schema', async () => {
    const phone = await call('POST', '/api/v1/members', { profile: { phone: '12345' } });
    assert.equal(phone.statusCode, 400);
    assert.deepEqual(phone.json().errors, [
      { field: 'identity.value', message: 'not a valid mobile number' },
    ]);
    const store = await call('POST', '/api/v1/members', { profile: { name: 'x', homeStoreId: 'sto_99999' } });
    assert.equal(store.statusCode, 400);
    assert.equal(store.json().errors[0].field, 'homeStoreId');
    const schema = {
      type: 'object',
      properties: { shoeSize: { type: 'integer', minimum: 30 } },
      additionalProperties: false,
    };
    assert.equal((await call('PUT', '/api/v1/member-settings', { attributeSchema: schema })).statusCode, 200);
    const bad = await call('POST', '/api/v1/members', {
      profile: { name: 'y', attributes: { shoeSize: 12 } },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].field, 'attributes.shoeSize');
    const good = await call('POST', '/api/v1/members', {
      profile: { name: 'y', attributes: { shoeSize: 42 } },
    });
    assert.equal(good.statusCode, 201);
    assert.equal(
      (await call('PUT', '/api/v1/member-settings', { attributeSchema: { type: 'nonsense' } })).statusCode,
      400,
    );
    await call('PUT', '/api/v1/member-settings', { attributeSchema: { type: 'object' } });
  });

  test('a shared identity merges two members; undo brings both back as they were', async () => {
    const oa = (
      await call('POST', '/api/v1/members/resolve', {
        identity: { kind: 'oa_openid', namespace: 'wxapp1', value: 'o-follower' },
        profile: { name: 'Follower', city: '杭州' },
        source: 'wechat_oa',
      })
    ).json();
    const wecom = (
      await call('POST', '/api/v1/members/resolve', {
        identity: { kind: 'wecom_external_userid', value: 'wm-contact' },
        profile: { name: 'Contact Name' },
        source: 'wecom',
      })
    ).json();
    const before = {
      oa: (await call('GET', `/api/v1/members/${oa.id}`)).json(),
      wecom: (await call('GET', `/api/v1/members/${wecom.id}`)).json(),
    };
    await call('POST', `/api/v1/members/${oa.id}/identities`, { kind: 'unionid', value: 'union-1' });
    const linked = (
      await call('POST', `/api/v1/members/${wecom.id}/identities`, { kind: 'unionid', value: 'union-1' })
    ).json();
    assert.ok(linked.mergeId, 'linking a held unionid merges');
    const survivor = (await call('GET', `/api/v1/members/${linked.memberId}`)).json();
    assert.equal(survivor.identities.length, 3);
    assert.equal(survivor.name, 'Contact Name', 'newest non-empty name wins');
    assert.equal(survivor.city, '杭州', 'a value only one had is kept');
    const mergedAway = linked.memberId === oa.id ? wecom.id : oa.id;
    const gone = (await call('GET', `/api/v1/members/${mergedAway}`)).json();
    assert.equal(gone.status, 'merged');
    assert.equal(gone.mergedInto, linked.memberId);
    const undo = await call('POST', `/api/v1/members/merges/${linked.mergeId}/undo`);
    assert.equal(undo.statusCode, 200, undo.body);
    const afterOa = (await call('GET', `/api/v1/members/${oa.id}`)).json();
    const afterWecom = (await call('GET', `/api/v1/members/${wecom.id}`)).json();
    const strip = (m: Record<string, unknown>) => ({
      ...m,
      updatedAt: undefined,
      merges: undefined,
      identities: (m.identities as { kind: string }[]).filter((i) => i.kind !== 'unionid'),
    });
    assert.deepEqual(strip(afterOa), strip(before.oa));
    assert.deepEqual(strip(afterWecom), strip(before.wecom));
    assert.equal(
      (await call('POST', `/api/v1/members/merges/${linked.mergeId}/undo`)).statusCode,
      409,
      'undo once',
    );
  });

  test('100 concurrent get-or-create calls for one identity make one member', async () => {
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        call('POST', '/api/v1/members/resolve', {
          identity: { kind: 'store_card', value: 'RACE-1' },
          source: 'pos',
        }),
      ),
    );
    assert.ok(
      results.every((r) => r.statusCode === 200 || r.statusCode === 201),
      results.map((r) => r.statusCode).join(','),
    );
    assert.equal(new Set(results.map((r) => r.json().id)).size, 1);
    assert.equal(results.filter((r) => r.statusCode === 201).length, 1);
    const n = await t.db.system((tx) =>
      tx.one<{ n: number }>("SELECT count(*)::int AS n FROM member_identities WHERE value = 'RACE-1'"),
    );
    assert.equal(n.n, 1);
  });
});
