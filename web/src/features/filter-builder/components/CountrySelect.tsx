import { CountrySelect as CountryPicker } from '@/components/CountrySelect';

interface CountrySelectProps {
  /** An ISO 3166-1 alpha-2 code, or '' for none yet. */
  value: string;
  onChange: (code: string) => void;
  error?: string;
}

/**
 * The app's country picker (names, exact and prefix matches first) for a filter's value: the filter
 * gets the code, and a code typed by hand in lower case ("de") still shows its country.
 */
export function CountrySelect({ value, onChange, error }: CountrySelectProps) {
  return (
    <CountryPicker
      label="Country"
      placeholder="Type a country"
      value={value ? value.toUpperCase() : null}
      onChange={(code) => onChange(code ?? '')}
      limit={8}
      nothingFoundMessage="No country by that name"
      error={error}
      comboboxProps={{ withinPortal: false }}
    />
  );
}
