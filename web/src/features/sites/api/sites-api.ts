import { apiRequest } from '../../../api/client';

export interface Site {
  id: string;
  code: string;
  name: string;
  customerSetId: string;
  defaultCurrency: string;
  countryCode: string | null;
}

export async function listSites(signal?: AbortSignal): Promise<Site[]> {
  const { data } = await apiRequest<{ data: Site[] }>('/sites', { signal });
  return data;
}
