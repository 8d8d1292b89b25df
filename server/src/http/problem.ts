import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, errorStatus, type FieldError } from '../shared/errors.ts';

const titles: Record<ErrorCode, string> = {
  VALIDATION: 'Invalid request',
  BAD_REQUEST: 'Bad request',
  UNAUTHENTICATED: 'Not signed in',
  LOGIN_FAILED: 'Sign-in failed',
  FORBIDDEN: 'Forbidden',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  IDEMPOTENCY_MISMATCH: 'Idempotency key reused with a different request',
  OTP_INVALID: 'Wrong sign-in code',
  OTP_EXPIRED: 'Sign-in code expired',
  OTP_TOO_MANY_ATTEMPTS: 'Too many wrong codes',
  CARD_TOKEN_INVALID: 'Not a valid member card',
  CARD_TOKEN_EXPIRED: 'Member card code expired',
  CARD_TOKEN_OTHER_TENANT: 'Member card of another tenant',
  POINTS_INSUFFICIENT: 'Not enough points',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  LOCKED_OUT: 'Too many failed sign-ins',
  RATE_LIMITED: 'Too many requests',
  INTERNAL: 'Internal error',
  UNAVAILABLE: 'Service unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  errors?: FieldError[];
  requestId: string;
}

export function problem(code: ErrorCode, detail: string, requestId: string, errors?: FieldError[]): Problem {
  return {
    type: `https://siyu.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: titles[code],
    status: errorStatus[code],
    code,
    detail,
    ...(errors?.length ? { errors } : {}),
    requestId,
  };
}

// PostgreSQL errors that are the caller's fault, not ours.
interface PgError extends Error {
  code?: string;
  constraint?: string;
  detail?: string;
  column?: string;
  table?: string;
}

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The field a constraint is about, from its name (`stores_tenant_id_region_id_fkey` → regionId).
 * PostgreSQL withholds the "Key (…)=(…)" detail on tables under row-level security, so the
 * constraint name is what we have.
 */
function constraintField(error: PgError): string {
  let name = error.constraint ?? '';
  if (error.table && name.startsWith(`${error.table}_`)) name = name.slice(error.table.length + 1);
  name = name.replace(/_(pkey|key|fkey|check|excl)$/, '').replace(/^tenant_id_?/, '');
  return camel(name) || 'id';
}

function fromPg(error: PgError): AppError | undefined {
  switch (error.code) {
    case '23505': {
      const field = constraintField(error);
      return new AppError('CONFLICT', `${field} already exists`, [{ field, message: 'already exists' }]);
    }
    case '23503': {
      const referencing = /^update or delete on table .* on table "([^"]+)"/.exec(error.message)?.[1];
      if (referencing) return new AppError('CONFLICT', `Still in use by ${referencing.replaceAll('_', ' ')}`);
      const field = constraintField(error);
      return new AppError('VALIDATION', `${field}: does not exist`, [{ field, message: 'does not exist' }]);
    }
    case '23514':
    case '23502':
    case '22P02':
    case '22003':
    case '22007':
    case '22008': {
      const field = error.column ? camel(error.column) : constraintField(error);
      return new AppError('VALIDATION', `${field}: invalid value`, [{ field, message: 'invalid value' }]);
    }
    case '42501': // row-level security: the row belongs to another tenant
      return new AppError('NOT_FOUND', 'Not found');
    default:
      return undefined;
  }
}

function fieldPath(path: string): string {
  return path.replace(/^\//, '').replaceAll('/', '.') || 'body';
}

function toAppError(error: FastifyError): AppError | undefined {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'body';
    const errors = error.validation.flatMap((v) => {
      const base = fieldPath(v.instancePath);
      const prefix = where === 'body' ? '' : `${where}.`;
      const keys = (v.params as { keys?: string[] }).keys;
      if (v.keyword === 'unrecognized_keys' && keys?.length) {
        return keys.map((k) => ({
          field: `${prefix}${base === 'body' ? '' : `${base}.`}${k}`,
          message: 'unknown field',
        }));
      }
      return [{ field: `${prefix}${base}`, message: v.message ?? 'invalid' }];
    });
    const first = errors[0];
    return new AppError('VALIDATION', first ? `${first.field}: ${first.message}` : 'Invalid request', errors);
  }
  const pg = fromPg(error as PgError);
  if (pg) return pg;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', 'The request body is larger than this endpoint accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('BAD_REQUEST', 'The JSON body is empty');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('BAD_REQUEST', 'The body is not valid JSON');
    case 'FST_ERR_RATE_LIMITED':
      return new AppError('RATE_LIMITED', error.message);
  }
  if (error instanceof SyntaxError || error.statusCode === 400) {
    return new AppError('BAD_REQUEST', error.message);
  }
  if (error.statusCode === 429) return new AppError('RATE_LIMITED', error.message);
  if (error.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE', error.message);
  if (error.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', error.message);
  return undefined;
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const known = toAppError(error);
  if (known) {
    if (known.status >= 500) request.log.error({ err: error }, 'request failed');
    void reply
      .code(known.status)
      .type('application/problem+json')
      .send(problem(known.code, known.message, request.id, known.errors));
    return;
  }
  request.log.error({ err: error }, 'unhandled error');
  void reply
    .code(500)
    .type('application/problem+json')
    .send(
      problem('INTERNAL', 'Something went wrong on our side; the request id helps us find it', request.id),
    );
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  void reply
    .code(404)
    .type('application/problem+json')
    .send(problem('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`, request.id));
}
