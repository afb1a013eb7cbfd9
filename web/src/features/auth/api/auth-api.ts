import { apiRequest } from '@/api/client';

export type AdminRole = 'owner' | 'admin' | 'support' | 'viewer';

export interface Session {
  id: string;
  email: string;
  /** Null for an admin created without one (the email stands in). */
  name: string | null;
  role: AdminRole;
  tenant: { id: string; slug: string; name: string; reportingCurrency: string };
}

export interface SignInInput {
  email: string;
  password: string;
}

export const sessionQueryKey = ['session'] as const;

/**
 * The signed-in admin, or null when the session cookie is missing or expired. Asks
 * /auth/session, which answers 200 either way: a 401 from /auth/me would be logged as an
 * error in the browser's console on every signed-out load.
 */
export async function fetchSession(signal?: AbortSignal): Promise<Session | null> {
  return (await apiRequest<{ session: Session | null }>('/auth/session', { signal })).session;
}

/** Signs in; the server answers with an httpOnly session cookie that later calls carry. */
export async function signIn(input: SignInInput): Promise<void> {
  await apiRequest('/auth/login', { method: 'POST', body: input, allowUnauthorized: true });
}

export async function signOut(): Promise<void> {
  await apiRequest('/auth/logout', { method: 'POST', allowUnauthorized: true });
}
