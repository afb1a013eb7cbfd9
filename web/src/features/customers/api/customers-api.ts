import { apiRequest } from '@/api/client';
import type {
  Address,
  AddressInput,
  Customer,
  CustomerInput,
  CustomerListPage,
  CustomerListParams,
  CustomerWithAddresses,
} from './types';

const customerPath = (id: string) => `/customers/${encodeURIComponent(id)}`;
const addressPath = (customerId: string, addressId: string) =>
  `${customerPath(customerId)}/addresses/${encodeURIComponent(addressId)}`;

export function listCustomers(params: CustomerListParams, signal?: AbortSignal) {
  return apiRequest<CustomerListPage>('/customers', {
    signal,
    query: {
      q: params.q,
      filter: params.filter,
      segment: params.segment,
      sort: params.sort,
      limit: params.limit,
      cursor: params.cursor,
      includeTotal: params.includeTotal ? 'true' : undefined,
    },
  });
}

export function getCustomer(id: string, signal?: AbortSignal) {
  return apiRequest<CustomerWithAddresses>(customerPath(id), { signal });
}

export function createCustomer(input: CustomerInput) {
  return apiRequest<Customer>('/customers', { method: 'POST', body: input });
}

/** `etag` is the version the edit started from; a stale one makes the server answer 412. */
export function updateCustomer(id: string, etag: string, input: CustomerInput) {
  return apiRequest<Customer>(customerPath(id), {
    method: 'PATCH',
    body: input,
    headers: { 'if-match': etag },
  });
}

export function deleteCustomer(id: string) {
  return apiRequest<void>(customerPath(id), { method: 'DELETE' });
}

export function createAddress(customerId: string, input: AddressInput) {
  return apiRequest<Address>(`${customerPath(customerId)}/addresses`, { method: 'POST', body: input });
}

export function updateAddress(customerId: string, addressId: string, input: Partial<AddressInput>) {
  return apiRequest<Address>(addressPath(customerId, addressId), { method: 'PATCH', body: input });
}

export function deleteAddress(customerId: string, addressId: string) {
  return apiRequest<void>(addressPath(customerId, addressId), { method: 'DELETE' });
}
