import { type ComboboxItem, Select } from '@mantine/core';
import { useMemo } from 'react';
import { useCountries } from '@/features/reference/hooks/useCountries';
import { countryName, rankCountries } from '../lib/values';

interface CountrySelectProps {
  /** An ISO 3166-1 alpha-2 code, or '' for none yet. */
  value: string;
  onChange: (code: string) => void;
  error?: string;
}

/** Countries by name (Intl.DisplayNames), exact and prefix matches first; the filter gets the code. */
export function CountrySelect({ value, onChange, error }: CountrySelectProps) {
  const countries = useCountries();
  const data = useMemo(() => {
    const options = (countries.data ?? []).map((country) => ({
      value: country.code,
      label: countryName(country.code),
    }));
    if (value && !options.some((option) => option.value.toLowerCase() === value.toLowerCase()))
      options.push({ value, label: countryName(value) });
    return options.sort((a, b) => a.label.localeCompare(b.label));
  }, [countries.data, value]);
  return (
    <Select
      label="Country"
      placeholder="Type a country"
      data={data}
      value={data.find((option) => option.value.toLowerCase() === value.toLowerCase())?.value ?? null}
      onChange={(code) => onChange(code ?? '')}
      searchable
      filter={({ options, search }) => rankCountries(options as ComboboxItem[], search)}
      limit={8}
      nothingFoundMessage="No country by that name"
      error={error}
      comboboxProps={{ withinPortal: false }}
    />
  );
}
