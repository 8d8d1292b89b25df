import type { FastifyServerOptions } from 'fastify';

/**
 * Structured logs that never carry secrets: cookies, authorization headers, passwords, tokens and
 * phone numbers are redacted wherever they appear in a logged object, and request URLs are logged
 * without their query strings (which may carry codes or tokens).
 */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.password_hash',
  '*.token',
  '*.secret',
  '*.key',
  '*.phone',
  '*.mobile',
  '*.access_token',
];

export function loggerOptions(level: string): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      req(request: { method: string; url: string; id: string; ip?: string }) {
        return { method: request.method, url: request.url.split('?')[0], id: request.id, ip: request.ip };
      },
    },
  };
}
