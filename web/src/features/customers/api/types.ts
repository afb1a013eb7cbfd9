export interface Customer {
  id: string;
  customerSetId: string;
  originSiteId: string | null;
  isRegistered: boolean;
  enabled: boolean;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  companyName: string | null;
  organizationId: string | null;
  taxId: string | null;
  locale: string | null;
  note: string | null;
  tags: string[];
  externalId: string | null;
  countryCode: string | null;
  stateCode: string | null;
  ordersCount: number;
  /** Minor units of the reporting currency. */
  totalSpent: number;
  lastOrderAt: string | null;
  createdAt: string;
  updatedAt: string;
  etag: string;
}

export interface Address {
  id: string;
  customerId: string;
  label: string | null;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string | null;
  countryCode: string;
  stateCode: string | null;
  phone: string | null;
  isDefaultBilling: boolean;
  isDefaultShipping: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CustomerWithAddresses extends Customer {
  addresses: Address[];
}

type Nullable<T> = { [K in keyof T]: T[K] | null };

/** The fields an admin can write; `null` clears a field on PATCH. */
export type CustomerInput = Partial<
  Nullable<
    Pick<
      Customer,
      | 'firstName'
      | 'lastName'
      | 'email'
      | 'phone'
      | 'companyName'
      | 'organizationId'
      | 'taxId'
      | 'locale'
      | 'note'
      | 'externalId'
      | 'originSiteId'
    >
  > &
    Pick<Customer, 'isRegistered' | 'enabled' | 'tags'>
>;

export type AddressInput = Omit<Address, 'id' | 'customerId' | 'createdAt' | 'updatedAt'>;

export interface CustomerListParams {
  q?: string;
  filter?: string;
  sort?: string;
  limit?: number;
  cursor?: string | null;
  includeTotal?: boolean;
}

export interface CustomerListPage {
  data: Customer[];
  nextCursor: string | null;
  total?: number;
  totalIsLowerBound?: boolean;
}
