import { Text } from '@mantine/core';
import { PostalAddress } from '@/features/reference/components/PostalAddress';
import type { OrderAddress as Address } from '../api/types';

/** An address as it was at checkout (a copy kept with the order). */
export function OrderAddress({ address }: { address: Address | null }) {
  if (!address) {
    return (
      <Text size="sm" c="dimmed">
        None given
      </Text>
    );
  }
  return <PostalAddress address={address} />;
}
