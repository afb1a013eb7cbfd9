import { useMutation, useQueryClient } from '@tanstack/react-query';
import { customerKeys } from '../api/customer-keys';
import { createAddress, updateAddress } from '../api/customers-api';
import type { AddressInput } from '../api/types';

interface SaveAddressVariables {
  /** Absent to add a new address. */
  addressId?: string;
  input: AddressInput;
}

/**
 * Adds or edits an address. The customer is refetched afterwards: the default billing address
 * sets the customer's country and state (and so its etag and grid row).
 */
export function useSaveAddress(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ addressId, input }: SaveAddressVariables) =>
      addressId ? updateAddress(customerId, addressId, input) : createAddress(customerId, input),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: customerKeys.detail(customerId) }),
        queryClient.invalidateQueries({ queryKey: customerKeys.lists() }),
      ]),
  });
}
