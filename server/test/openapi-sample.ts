// Builds a valid-looking request body from a JSON Schema in /openapi.json, so a walk over every
// operation gets past validation and reaches the code that must refuse it.
type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  format?: string;
  minimum?: number;
  minLength?: number;
  minItems?: number;
  pattern?: string;
  default?: unknown;
};

export function sample(schema: Schema | undefined, key = '', ids: Record<string, string> = {}): unknown {
  if (!schema) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt) return sample(alt.find((s) => s.type !== 'null') ?? alt[0], key, ids);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(k) || ids[k]) out[k] = sample(s, k, ids);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items, key, ids));
    case 'integer':
    case 'number':
      return Math.max(1, schema.minimum ?? 1);
    case 'boolean':
      return true;
    case 'string': {
      if (ids[key]) return ids[key];
      if (schema.format === 'uri') return 'https://example.com/hook';
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.format === 'email') return 'walker@example.com';
      if (/password/i.test(key)) return 'a-long-enough-password';
      const base = `walk${key
        .replace(/[^a-z0-9]/gi, '')
        .slice(0, 8)
        .toLowerCase()}`;
      return base.padEnd(Math.max(schema.minLength ?? 1, base.length), 'x');
    }
    default:
      return undefined;
  }
}
