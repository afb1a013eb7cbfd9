import { iso31661, iso31662 } from 'iso-3166';

/** ISO 3166-1 alpha-2 countries and their ISO 3166-2 subdivisions, indexed once at load. */
const countries = new Map(iso31661.map((c) => [c.alpha2, c.name]));
const subdivisions = new Map<string, { code: string; name: string }[]>();
for (const s of iso31662) {
  const list = subdivisions.get(s.parent) ?? [];
  list.push({ code: s.code, name: s.name });
  subdivisions.set(s.parent, list);
}
for (const list of subdivisions.values()) list.sort((a, b) => a.name.localeCompare(b.name));

export const isCountry = (code: string) => countries.has(code);

/** True when `state` is a subdivision of `country` (e.g. US-CA of US). */
export const isStateOf = (state: string, country: string) =>
  (subdivisions.get(country) ?? []).some((s) => s.code === state);

export const listCountries = () =>
  [...countries.entries()]
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name));

export const listStates = (country: string) => subdivisions.get(country) ?? [];
