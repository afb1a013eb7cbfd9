import type { ComboboxItem, ComboboxParsedItem, OptionsFilter } from '@mantine/core';

/**
 * Other names people type for a country: old or informal ones the browser's name does not contain.
 * Kept to the common ones; the ISO name the server sends is searched too.
 */
const aliases: Record<string, string[]> = {
  US: ['USA', 'America'],
  GB: ['UK', 'Great Britain', 'Britain', 'England', 'Scotland', 'Wales', 'Northern Ireland'],
  AE: ['UAE', 'Emirates'],
  NL: ['Holland'],
  CZ: ['Czech Republic'],
  KR: ['Korea'],
  CI: ['Ivory Coast'],
  MM: ['Burma'],
  TR: ['Turkey'],
  VA: ['Vatican'],
};

/** Lower case without accents, so that "cote" finds "Côte d’Ivoire" and "aland" "Åland Islands". */
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[’']/g, "'")
    .toLowerCase()
    .trim();

/**
 * How well one country answers what was typed, lower is better, or null when it does not: its code
 * or a whole name typed out, then its shown name starting with the text, then another of its names
 * doing so, then a word of a name doing so, then the text anywhere in a name.
 */
function countryMatch(search: string, code: string, label: string, otherNames: string[]): number | null {
  const query = fold(search);
  if (!query) return 4;
  const shown = fold(label);
  const others = otherNames.map(fold);
  const all = [shown, ...others];
  if (query === code.toLowerCase() || all.includes(query)) return 0;
  if (shown.startsWith(query)) return 1;
  if (others.some((name) => name.startsWith(query))) return 2;
  if (all.some((name) => name.split(/[\s,(.-]+/).some((word) => word.startsWith(query)))) return 3;
  if (all.some((name) => name.includes(query))) return 4;
  return null;
}

/**
 * A Mantine Select filter for countries that ranks exact and prefix matches first: "United States"
 * offers the United States before the U.S. Outlying Islands, "US" and "USA" find it too.
 * `otherNames` gives more names to search per code (the server's ISO name).
 */
export function countryFilter(otherNames: ReadonlyMap<string, string>): OptionsFilter {
  return ({ options, search, limit }) => {
    const ranked: { option: ComboboxItem; rank: number }[] = [];
    for (const option of options as ComboboxParsedItem[]) {
      if ('group' in option) continue;
      const others = [otherNames.get(option.value) ?? '', ...(aliases[option.value] ?? [])].filter(Boolean);
      const rank = countryMatch(search, option.value, option.label, others);
      if (rank !== null) ranked.push({ option, rank });
    }
    // The sort is stable: within a rank the options keep their alphabetical order.
    return ranked
      .sort((a, b) => a.rank - b.rank)
      .slice(0, limit)
      .map(({ option }) => option);
  };
}
