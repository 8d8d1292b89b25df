import { currentLang } from '../i18n';

export const API_BASE = '/api/v1';

export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem+json body as the Siyu server sends it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
  errors?: FieldError[];
  requestId?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly type: string | undefined;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  readonly errors: FieldError[];
  readonly requestId: string | undefined;

  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? `HTTP_${status}`;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.requestId = problem.requestId;
  }
}

export interface Page<T> {
  items: T[];
  total: number;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

let onUnauthorized: () => void = () => {
  window.location.assign('/login');
};

/** Lets the auth layer handle an expired session in-app instead of a full reload. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function readProblem(res: Response): Promise<Problem> {
  const text = await res.text().catch(() => '');
  if (!text) return { status: res.status, title: res.statusText };
  try {
    return JSON.parse(text) as Problem;
  } catch {
    return { status: res.status, title: res.statusText };
  }
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  query?: Query,
  extraHeaders?: Record<string, string>,
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': currentLang(),
    ...extraHeaders,
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let res: Response;
  try {
    res = await fetch(withQuery(API_BASE + path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { code: 'NETWORK' });
  }

  if (!res.ok) {
    const problem = await readProblem(res);
    const error = new ApiError(res.status, problem);
    // A failed login is also a 401; only an expired session elsewhere should redirect.
    if (res.status === 401 && path !== '/auth/login' && window.location.pathname !== '/login') {
      onUnauthorized();
    }
    throw error;
  }
  if (res.status === 204 || res.status === 202) {
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  list: <T>(path: string, query?: Query) => request<Page<T>>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown, query?: Query) => request<T>('PUT', path, body, query),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};
