import { apiRequest, isApiError } from '@/api/client';

export type AdminRole = 'owner' | 'admin' | 'support' | 'viewer';

export interface Session {
  id: string;
  email: string;
  name: string;
  role: AdminRole;
  tenant: { id: string; slug: string; name: string; reportingCurrency: string };
}

export interface SignInInput {
  email: string;
  password: string;
}

export const sessionQueryKey = ['session'] as const;

/** The signed-in admin, or null when the session cookie is missing or expired. */
export async function fetchSession(signal?: AbortSignal): Promise<Session | null> {
  try {
    return await apiRequest<Session>('/auth/me', { signal, allowUnauthorized: true });
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

/** Signs in; the server answers with an httpOnly session cookie that later calls carry. */
export async function signIn(input: SignInInput): Promise<void> {
  await apiRequest('/auth/login', { method: 'POST', body: input, allowUnauthorized: true });
}

export async function signOut(): Promise<void> {
  await apiRequest('/auth/logout', { method: 'POST', allowUnauthorized: true });
}
