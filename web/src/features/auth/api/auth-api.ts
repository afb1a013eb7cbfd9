import type { MeSchema } from '@server/modules/admins/admins.schemas.js';
import type { Static } from '@sinclair/typebox';
import { apiRequest } from '@/api/client';

export type AdminRole = Session['role'];

/** The signed-in admin, its tenant, and what the service runs (the server's MeSchema). */
export type Session = Static<typeof MeSchema>;

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
