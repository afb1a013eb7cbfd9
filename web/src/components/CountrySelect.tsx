import { Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';
import { useCountries } from '@/features/reference/hooks/useCountries';
import { countryFilter } from '@/lib/countries';
import { countryName } from '@/lib/format';

type CountrySelectProps = Omit<SelectProps, 'data' | 'filter' | 'searchable'>;

/**
 * A searchable country picker: names in the admin's language, exact and prefix matches first
 * ("United States" before the U.S. Outlying Islands), found by code ("US") and common other names
 * ("USA", "UK") too. The value is the ISO 3166-1 code.
 */
export function CountrySelect(props: CountrySelectProps) {
  const countries = useCountries();
  const { data, filter } = useMemo(() => {
    const list = countries.data ?? [];
    const options = list
      .map((country) => ({ value: country.code, label: countryName(country.code, country.name) }))
      .sort((a, b) => a.label.localeCompare(b.label));
    return {
      data: options,
      filter: countryFilter(new Map(list.map((country) => [country.code, country.name]))),
    };
  }, [countries.data]);
  return (
    <Select
      placeholder={countries.isPending ? 'Loading countries…' : 'Choose a country'}
      nothingFoundMessage="No country matches"
      {...props}
      searchable
      data={data}
      filter={filter}
    />
  );
}
