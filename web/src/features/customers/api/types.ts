/**
 * The API's shapes, taken from the server's own TypeBox schemas (type-only imports, erased
 * from the bundle), so the admin app cannot drift from what the API validates and answers.
 */
import type {
  Address as ServerAddress,
  AddressInput as ServerAddressInput,
} from '@server/modules/addresses/addresses.schemas.js';
import type {
  CustomerCreate,
  CustomerDetail,
  CustomerListQuery,
  Customer as ServerCustomer,
  CustomerGridRow as ServerCustomerGridRow,
} from '@server/modules/customers/customers.schemas.js';

export type Customer = ServerCustomer;
export type Address = ServerAddress;
export type CustomerWithAddresses = CustomerDetail;
/** A row of the customers grid: the customer and the codes of its active groups. */
export type CustomerGridRow = ServerCustomerGridRow;

/** The fields an admin can write; `null` clears a field on PATCH. */
export type CustomerInput = Omit<CustomerCreate, 'addresses' | 'customerSetId'>;

export type AddressInput = Required<ServerAddressInput>;

export type CustomerListParams = Omit<CustomerListQuery, 'cursor'> & { cursor?: string | null };

export interface CustomerListPage {
  data: CustomerGridRow[];
  nextCursor: string | null;
  /** The server stopped looking before the page was full; `nextCursor` goes on searching. */
  partial?: boolean;
  total?: number;
  totalIsLowerBound?: boolean;
  /** `total` is the server's estimate (more than 10,000 match): "about" that many. */
  totalIsEstimate?: boolean;
}
