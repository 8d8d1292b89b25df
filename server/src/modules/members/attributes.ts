import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Tx } from '../../db/database.ts';
import { AppError } from '../../shared/errors.ts';

const ajv = new Ajv({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const compiled = new Map<string, ValidateFunction>();

/** Checks custom attributes against the tenant's JSON Schema; errors name attributes.<field>. */
export async function validateAttributes(tx: Tx, attributes: Record<string, unknown>): Promise<void> {
  const row = await tx.maybeOne<{ attribute_schema: object }>('SELECT attribute_schema FROM member_settings');
  const schema = row?.attribute_schema ?? { type: 'object' };
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  if (validate(attributes)) return;
  const errors = (validate.errors ?? []).map((e) => {
    const path = e.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const missing = (e.params as { missingProperty?: string }).missingProperty;
    return {
      field: `attributes${path ? `.${path}` : ''}${missing ? `.${missing}` : ''}`,
      message: e.message ?? 'invalid',
    };
  });
  throw new AppError('VALIDATION', `${errors[0]?.field}: ${errors[0]?.message}`, errors);
}

/** A schema must itself be valid JSON Schema before a tenant may save it. */
export function checkSchema(schema: unknown): void {
  try {
    ajv.compile(schema as object);
  } catch (error) {
    throw new AppError('VALIDATION', `attributeSchema: ${(error as Error).message}`, [
      { field: 'attributeSchema', message: (error as Error).message },
    ]);
  }
}
