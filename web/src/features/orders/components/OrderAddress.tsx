import { Text } from '@mantine/core';
import type { OrderAddress as Address } from '../api/types';

/** An address as it was at checkout (a copy kept with the order). */
export function OrderAddress({ address, countryName }: { address: Address | null; countryName: string }) {
  if (!address) {
    return (
      <Text size="sm" c="dimmed">
        None given
      </Text>
    );
  }
  const cityLine = [address.postalCode, address.city].filter(Boolean).join(' ');
  const lines = [
    [address.firstName, address.lastName].filter(Boolean).join(' '),
    address.companyName,
    address.line1,
    address.line2,
    [cityLine, address.stateCode].filter(Boolean).join(', '),
    countryName,
    address.phone,
  ].filter(Boolean);
  return (
    <Text size="sm" component="address" style={{ fontStyle: 'normal', whiteSpace: 'pre-line' }}>
      {lines.join('\n')}
    </Text>
  );
}
