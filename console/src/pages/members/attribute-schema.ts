// Reading the tenant's JSON Schema for custom attributes, enough to draw a form for it.

export type AttrKind = 'string' | 'enum' | 'number' | 'integer' | 'boolean' | 'json';

export interface AttrField {
  key: string;
  title: string;
  description?: string;
  kind: AttrKind;
  options?: (string | number)[];
  required: boolean;
}

interface PropSchema {
  type?: string | string[];
  enum?: unknown[];
  title?: string;
  description?: string;
}

function kindOf(p: PropSchema): AttrKind {
  const type = Array.isArray(p.type) ? p.type.find((x) => x !== 'null') : p.type;
  if (p.enum?.every((v) => typeof v === 'string' || typeof v === 'number')) return 'enum';
  if (type === 'string' || type === 'number' || type === 'integer' || type === 'boolean') return type;
  return 'json';
}

/** The schema's top-level properties as form fields; empty when the schema declares none. */
export function attributeFields(schema: Record<string, unknown>): AttrField[] {
  const props = (schema.properties ?? {}) as Record<string, PropSchema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(props).map(([key, p]) => ({
    key,
    title: p.title ?? key,
    ...(p.description ? { description: p.description } : {}),
    kind: kindOf(p),
    ...(kindOf(p) === 'enum' ? { options: p.enum as (string | number)[] } : {}),
    required: required.has(key),
  }));
}

/** A value for display: text as it is, anything structured as compact JSON. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
