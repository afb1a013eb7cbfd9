import { apiRequest } from '@/api/client';

export interface Country {
  code: string;
  name: string;
}

export interface CountrySubdivision {
  /** ISO 3166-2, e.g. "US-CA". */
  code: string;
  name: string;
}

export async function listCountries(signal?: AbortSignal): Promise<Country[]> {
  const { data } = await apiRequest<{ data: Country[] }>('/reference/countries', { signal });
  return data;
}

export async function listStates(countryCode: string, signal?: AbortSignal): Promise<CountrySubdivision[]> {
  const { data } = await apiRequest<{ data: CountrySubdivision[] }>(
    `/reference/countries/${encodeURIComponent(countryCode)}/states`,
    { signal },
  );
  return data;
}
