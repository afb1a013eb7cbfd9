/** One field problem from an RFC 9457 body; `path` is a JSON Pointer into the request body. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** A failed API call, carrying the problem+json body the server sent (or a stand-in for network failures). */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly code: string | undefined;
  readonly errors: FieldProblem[];

  constructor(init: {
    status: number;
    title: string;
    detail?: string;
    code?: string;
    errors?: FieldProblem[];
  }) {
    super(init.detail ?? init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.code = init.code;
    this.errors = init.errors ?? [];
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

export const API_BASE = '/admin/v1';

let unauthorizedHandler: (() => void) | null = null;

/** The app registers what to do when the session has ended (route to the sign-in page). */
export function setUnauthorizedHandler(handler: (() => void) | null) {
  unauthorizedHandler = handler;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** A 401 is an expected answer (sign-in, session probe): do not route to the sign-in page. */
  allowUnauthorized?: boolean;
}

function buildUrl(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

async function toApiError(response: Response): Promise<ApiError> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Partial<{
        title: string;
        detail: string;
        code: string;
        errors: FieldProblem[];
      }>;
      return new ApiError({
        status: response.status,
        title: body.title ?? response.statusText ?? 'Request failed',
        detail: body.detail,
        code: body.code,
        errors: Array.isArray(body.errors) ? body.errors : [],
      });
    } catch {
      // Fall through to a generic error: the body claimed JSON but was not.
    }
  }
  return new ApiError({
    status: response.status,
    title: response.statusText || `Request failed (${response.status})`,
  });
}

/** Calls the admin API with the session cookie and JSON; throws `ApiError` for any non-2xx answer. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method: options.method ?? 'GET',
      credentials: 'same-origin',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, title: 'Network error', detail: 'The server could not be reached.' });
  }

  if (!response.ok) {
    const error = await toApiError(response);
    if (response.status === 401 && !options.allowUnauthorized) unauthorizedHandler?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
