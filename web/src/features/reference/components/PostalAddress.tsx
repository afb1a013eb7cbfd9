import { Text } from '@mantine/core';
import { type PostalAddress as Address, addressLines } from '@/lib/address';
import { countryName } from '@/lib/format';
import { formatPhone } from '@/lib/phone';
import { useFormatters } from '../hooks/useFormatters';
import { useSubdivisionName } from '../hooks/useSubdivisionName';

interface PostalAddressProps {
  address: Address & { phone: string | null };
  /** Leaves out line 1 where it is already the heading above. */
  withoutLine1?: boolean;
}

/** An address as its country's post writes it, with names for the country and state and a readable phone. */
export function PostalAddress({ address, withoutLine1 = false }: PostalAddressProps) {
  const formatters = useFormatters();
  const state = useSubdivisionName(address.countryCode, address.stateCode);
  const lines = addressLines(
    withoutLine1 ? { ...address, line1: '' } : address,
    { country: countryName(address.countryCode), state },
    formatters?.formatAddress,
  );
  if (address.phone) lines.push(formatPhone(address.phone, address.countryCode, formatters?.parsePhone));
  return (
    <Text size="sm" component="address" style={{ fontStyle: 'normal', whiteSpace: 'pre-line' }}>
      {lines.join('\n')}
    </Text>
  );
}
