import { describe, expect, it } from 'vitest';
import { countryFilter } from './countries';

describe("the country picker's ranking", () => {
  const countries = [
    { value: 'UM', label: 'U.S. Outlying Islands' },
    { value: 'VI', label: 'U.S. Virgin Islands' },
    { value: 'AE', label: 'United Arab Emirates' },
    { value: 'GB', label: 'United Kingdom' },
    { value: 'US', label: 'United States' },
    { value: 'TZ', label: 'Tanzania, United Republic of' },
  ];
  const rank = (search: string) =>
    countryFilter(new Map())({ options: countries, search, limit: 10 }).map((c) =>
      'value' in c ? c.value : '',
    );

  it('ranks exact and prefix matches of a country name first', () => {
    expect(rank('United States')).toEqual(['US']);
    expect(rank('united')).toEqual(['AE', 'GB', 'US', 'TZ']);
    expect(rank('us')[0]).toBe('US');
  });
});
