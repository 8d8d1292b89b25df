import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addStaff, type TestApp, type TestTenant } from '../../../test/harness.ts';
import { issueCardToken } from './card-token.ts';
import { type H5World, h5World, type Method } from './member-h5.fixtures.ts';
import { requestCode } from './otp.service.ts';

describe('member H5: sign-in, sessions, profile, card codes, logs', () => {
  let w: H5World;
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let admin: string;
  let logs: string[];
  before(async () => {
    w = await h5World();
    ({ t, tenant, other, admin, logs } = w);
  });
  after(() => w.t.close());
  const freshIp = () => w.freshIp();
  const h5: H5World['h5'] = (...a) => w.h5(...a);
  const staff = (method: Method, url: string, body?: unknown, cookie = admin) =>
    w.staff(method, url, body, cookie);
  const codeFor = (national: string) => w.codeFor(national);
  const signIn: H5World['signIn'] = (...a) => w.signIn(...a);

  test('phone + code signs in, creating the member once; the cookie is the member’s own', async () => {
    const ip = freshIp();
    const sent = await h5('POST', '/auth/code', { body: { phone: '13810000001' }, ip });
    assert.equal(sent.statusCode, 202, sent.body);
    assert.deepEqual(sent.json(), { sentTo: '138****0001', expiresInSeconds: 300, resendInSeconds: 60 });
    const wrong = await h5('POST', '/auth/verify', { body: { phone: '13810000001', code: '000000' }, ip });
    const code = codeFor('13810000001');
    if (code !== '000000') {
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json().code, 'OTP_INVALID');
      assert.match(wrong.json().detail, /4 attempt\(s\) left/);
    }
    const ok = await h5('POST', '/auth/verify', { body: { phone: '13810000001', code }, ip });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().created, true);
    const cookie = ok.cookies.find((c) => c.name === 'siyu_member')!;
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, `/api/v1/h5/${tenant.code}`);
    assert.ok(!ok.cookies.some((c) => c.name === 'siyu_session'), 'no staff session');
    const me = await h5('GET', '/me', { cookie: `siyu_member=${cookie.value}` });
    assert.equal(me.statusCode, 200, me.body);
    assert.equal(me.json().phone, '138****0001');
    assert.equal(me.json().tenant.code, tenant.code);
    assert.equal(me.headers['cache-control'], 'no-store');
    // The member joined through the H5, and staff see them.
    const seen = (await staff('GET', `/api/v1/members/${me.json().id}`)).json();
    assert.equal(seen.join.channel, 'h5');
    // The code is used up; a second sign-in finds the same member.
    const reused = await h5('POST', '/auth/verify', { body: { phone: '13810000001', code }, ip });
    assert.equal(reused.json().code, 'OTP_EXPIRED');
    await t.db.system((tx) =>
      tx.exec(`UPDATE member_otp_codes SET created_at = created_at - interval '2 minutes'`),
    );
    const again = await signIn('13810000001');
    const me2 = (await h5('GET', '/me', { cookie: again })).json();
    assert.equal(me2.id, me.json().id);
    // Sign-out ends that session only.
    assert.equal((await h5('POST', '/auth/logout', { cookie: again })).statusCode, 204);
    assert.equal((await h5('GET', '/me', { cookie: again })).statusCode, 401);
    assert.equal((await h5('GET', '/me', { cookie: `siyu_member=${cookie.value}` })).statusCode, 200);
  });

  test('codes expire after 5 minutes and allow 5 attempts', async () => {
    const ip = freshIp();
    await h5('POST', '/auth/code', { body: { phone: '13810000002' }, ip });
    const code = codeFor('13810000002');
    await t.db.system((tx) =>
      tx.exec(
        `UPDATE member_otp_codes SET expires_at = now() - interval '1 second', created_at = created_at - interval '5 minutes'`,
      ),
    );
    const late = await h5('POST', '/auth/verify', { body: { phone: '13810000002', code }, ip });
    assert.equal(late.statusCode, 400);
    assert.equal(late.json().code, 'OTP_EXPIRED');

    await h5('POST', '/auth/code', { body: { phone: '13810000002' }, ip });
    const fresh = codeFor('13810000002');
    const wrongCode = fresh === '123456' ? '654321' : '123456';
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await h5('POST', '/auth/verify', { body: { phone: '13810000002', code: wrongCode }, ip });
      answers.push(res.json().code);
    }
    assert.deepEqual(answers, [
      'OTP_INVALID',
      'OTP_INVALID',
      'OTP_INVALID',
      'OTP_INVALID',
      'OTP_TOO_MANY_ATTEMPTS',
    ]);
    const right = await h5('POST', '/auth/verify', { body: { phone: '13810000002', code: fresh }, ip });
    assert.equal(right.statusCode, 429);
    assert.equal(right.json().code, 'OTP_TOO_MANY_ATTEMPTS');
    // Codes are kept only as keyed hashes.
    const stored = await t.db.system((tx) =>
      tx.many<{ code_hash: Buffer }>('SELECT code_hash FROM member_otp_codes'),
    );
    assert.ok(
      stored.every((r) => r.code_hash.length === 32 && !r.code_hash.toString('latin1').includes(fresh)),
    );
  });

  test('rate limits: per phone (resend gap, hourly) and per client address', async () => {
    const ip = freshIp();
    assert.equal((await h5('POST', '/auth/code', { body: { phone: '13810000003' }, ip })).statusCode, 202);
    const soon = await h5('POST', '/auth/code', { body: { phone: '13810000003' }, ip });
    assert.equal(soon.statusCode, 429);
    assert.equal(soon.json().code, 'RATE_LIMITED');
    assert.match(soon.json().detail, /ask again in \d+ s/);
    // One address hammering the endpoint is stopped in-process before the database.
    const flood = freshIp();
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      codes.push(
        (
          await h5('POST', '/auth/code', {
            body: { phone: `1391000${String(i).padStart(4, '0')}` },
            ip: flood,
          })
        ).statusCode,
      );
    }
    assert.deepEqual(codes.slice(0, 10), Array(10).fill(202));
    assert.deepEqual(codes.slice(10), [429, 429]);
    // The database-held limits, which hold across servers, with a tight policy.
    const sms = { send: async () => {} };
    const keys = { hmacKey: t.runtime.config.hmacKey };
    const policy = {
      ttlSeconds: 300,
      maxAttempts: 5,
      resendSeconds: 0,
      perPhonePerHour: 2,
      perPhonePerDay: 10,
      perIpPerHour: 3,
    };
    const ask = (phone: string, ipAddr: string) =>
      requestCode(t.db, sms, keys, policy, { tenantId: tenant.id, phone, ip: ipAddr }).then(
        () => 'sent',
        (e: { code: string }) => e.code,
      );
    assert.deepEqual(
      [await ask('13820000001', 'a'), await ask('13820000001', 'b'), await ask('13820000001', 'c')],
      ['sent', 'sent', 'RATE_LIMITED'],
    );
    assert.deepEqual(
      [
        await ask('13820000002', 'x'),
        await ask('13820000003', 'x'),
        await ask('13820000004', 'x'),
        await ask('13820000005', 'x'),
      ],
      ['sent', 'sent', 'sent', 'RATE_LIMITED'],
    );
    // Concurrent asks for one phone: the phone lock lets exactly the allowed number through.
    const burst = await Promise.all(Array.from({ length: 6 }, (_, i) => ask('13820000009', `p${i}`)));
    assert.equal(burst.filter((r) => r === 'sent').length, 2);
  });

  test('bad input: invalid phone and code formats are named; unknown tenants are 404', async () => {
    const bad = await h5('POST', '/auth/code', { body: { phone: '12345' }, ip: freshIp() });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].field, 'phone');
    const code = await h5('POST', '/auth/verify', {
      body: { phone: '13810000009', code: '12ab' },
      ip: freshIp(),
    });
    assert.equal(code.statusCode, 400);
    assert.equal(code.json().errors[0].field, 'code');
    const none = await h5('POST', '/auth/code', {
      body: { phone: '13810000009' },
      code: 'no-such-brand',
      ip: freshIp(),
    });
    assert.equal(none.statusCode, 404);
  });

  test('sessions do not cross: staff ↔ member, tenant ↔ tenant', async () => {
    const member = await signIn('13830000001');
    assert.equal(
      (await h5('GET', '/me', { cookie: admin })).statusCode,
      401,
      'a staff session is no member session',
    );
    assert.equal(
      (await staff('GET', '/api/v1/members', undefined, member)).statusCode,
      401,
      'and vice versa',
    );
    assert.equal(
      (await staff('POST', '/api/v1/member-card/verify', { token: 'x' }, member)).statusCode,
      401,
      'a member cannot scan cards',
    );
    // A member of one tenant is nobody at another's H5, even with the same phone.
    assert.equal((await h5('GET', '/me', { cookie: member, code: other.code })).statusCode, 401);
    const there = await signIn('13830000001', other.code);
    const a = (await h5('GET', '/me', { cookie: member })).json();
    const b = (await h5('GET', '/me', { cookie: there, code: other.code })).json();
    assert.notEqual(a.id, b.id);
    assert.equal((await h5('GET', '/me', { cookie: there })).statusCode, 401);
    // Forged or malformed cookies are refused without a 500.
    for (const c of ['siyu_member=x', `siyu_member=${tenant.id}.${'A'.repeat(43)}`, 'siyu_member=']) {
      assert.equal((await h5('GET', '/me', { cookie: c })).statusCode, 401);
    }
  });

  test('profile: name, gender, birthday; the phone stays masked', async () => {
    const m = await signIn('13840000001');
    const ok = await h5('PATCH', '/me', {
      cookie: m,
      body: { name: '林小姐', gender: 'female', birthday: '1990-05-20' },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const v = ok.json();
    assert.deepEqual(
      [v.name, v.gender, v.birthday, v.phone],
      ['林小姐', 'female', '1990-05-20', '138****0001'],
    );
    const future = await h5('PATCH', '/me', { cookie: m, body: { birthday: '2999-01-01' } });
    assert.equal(future.statusCode, 400);
    assert.equal(future.json().errors[0].field, 'birthday');
    const sneaky = await h5('PATCH', '/me', { cookie: m, body: { phone: '13999999999' } });
    assert.equal(sneaky.statusCode, 400, 'the phone is the sign-in identity: not editable here');
  });

  test('member card: a signed code that staff turn into the member; expired, forged, foreign refused', async () => {
    const m = await signIn('13890000001');
    const me = (await h5('GET', '/me', { cookie: m })).json();
    const card = (await h5('GET', '/card', { cookie: m })).json();
    assert.match(card.token, /^SY1\.\d+\.\d+\.\d{10}\.[A-Z2-7]{26}$/);
    assert.equal(Date.parse(card.expiresAt) - Date.parse(card.issuedAt), 60_000);
    assert.equal(card.refreshInSeconds, 30);
    const verify = (token: string, cookie = admin) =>
      staff('POST', '/api/v1/member-card/verify', { token }, cookie);
    const ok = await verify(card.token);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().member.id, me.id);
    assert.equal(ok.json().member.phone, '138****0001');
    const key = t.runtime.config.hmacKey;
    const memberId = me.id.slice(4);
    const old = issueCardToken(key, tenant.id, memberId, new Date(Date.now() - 61_000));
    assert.equal((await verify(old.token)).json().code, 'CARD_TOKEN_EXPIRED');
    const future = issueCardToken(key, tenant.id, memberId, new Date(Date.now() + 30_000));
    assert.equal((await verify(future.token)).json().code, 'CARD_TOKEN_EXPIRED');
    const sig = card.token.slice(-26);
    const flipped = `${card.token.slice(0, -26)}${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    assert.equal((await verify(flipped)).json().code, 'CARD_TOKEN_INVALID');
    const otherMember = card.token.replace(`.${memberId}.`, `.${Number(memberId) + 1}.`);
    assert.equal((await verify(otherMember)).json().code, 'CARD_TOKEN_INVALID', 'the member id is signed');
    assert.equal((await verify('hello')).json().code, 'CARD_TOKEN_INVALID');
    const foreign = issueCardToken(key, other.id, memberId);
    const res = await verify(foreign.token);
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, 'CARD_TOKEN_OTHER_TENANT');
    // Another tenant's staff learn nothing from this tenant's card.
    const otherAdmin = await t.login(other.code, 'admin');
    assert.equal((await verify(card.token, otherAdmin)).json().code, 'CARD_TOKEN_OTHER_TENANT');
    // Data scopes hold: a guide sees only their own customers.
    const region = (await staff('POST', '/api/v1/regions', { code: 'r', name: 'R' })).json();
    const store = (
      await staff('POST', '/api/v1/stores', { code: 's', name: 'S', regionId: region.id })
    ).json();
    await addStaff(t.db, tenant.id, {
      username: 'guide1',
      role: 'guide',
      scope: 'own',
      storeId: store.id.slice(4),
    });
    const guide = await t.login(tenant.code, 'guide1');
    assert.equal((await verify(card.token, guide)).statusCode, 404);
  });

  test('no phone number reaches the log; the development SMS is logged with the masked phone', async () => {
    await signIn('13899990001');
    const text = logs.join('\n');
    assert.ok(text.includes('138****0001'), 'the masked phone is logged');
    for (const phone of ['13899990001', '+8613899990001', '13810000001', '13912345678']) {
      assert.ok(!text.includes(phone), `log contains ${phone.slice(0, 5)}…`);
    }
  });
});
