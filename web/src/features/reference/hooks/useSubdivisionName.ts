import { useStates } from './useStates';

/** A subdivision's name ("US-CA" → "California") from the server's ISO 3166-2 list, null until known. */
export function useSubdivisionName(countryCode: string | null, stateCode: string | null): string | null {
  const states = useStates(stateCode ? countryCode : null);
  return states.data?.find((state) => state.code === stateCode)?.name ?? null;
}
