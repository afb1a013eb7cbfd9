import type { Address, AddressInput } from '../api/types';

export interface AddressFormValues {
  label: string;
  firstName: string;
  lastName: string;
  companyName: string;
  line1: string;
  line2: string;
  city: string;
  postalCode: string;
  countryCode: string | null;
  stateCode: string | null;
  phone: string;
  isDefaultBilling: boolean;
  isDefaultShipping: boolean;
}

export const addressFormFields: readonly string[] = [
  'label',
  'firstName',
  'lastName',
  'companyName',
  'line1',
  'line2',
  'city',
  'postalCode',
  'countryCode',
  'stateCode',
  'phone',
  'isDefaultBilling',
  'isDefaultShipping',
];

export function toAddressFormValues(address: Address | null, defaults: Partial<AddressFormValues> = {}) {
  if (!address) {
    return {
      label: '',
      firstName: '',
      lastName: '',
      companyName: '',
      line1: '',
      line2: '',
      city: '',
      postalCode: '',
      countryCode: null,
      stateCode: null,
      phone: '',
      isDefaultBilling: false,
      isDefaultShipping: false,
      ...defaults,
    } satisfies AddressFormValues;
  }
  return {
    label: address.label ?? '',
    firstName: address.firstName ?? '',
    lastName: address.lastName ?? '',
    companyName: address.companyName ?? '',
    line1: address.line1,
    line2: address.line2 ?? '',
    city: address.city,
    postalCode: address.postalCode ?? '',
    countryCode: address.countryCode,
    stateCode: address.stateCode,
    phone: address.phone ?? '',
    isDefaultBilling: address.isDefaultBilling,
    isDefaultShipping: address.isDefaultShipping,
  } satisfies AddressFormValues;
}

const optional = (value: string) => value.trim() || null;

/**
 * Required fields are sent even when blank so that the server's validation names them
 * (`/line1`, `/city`, `/countryCode`) and the form can show the message under each one.
 */
export function toAddressInput(values: AddressFormValues): AddressInput {
  return {
    label: optional(values.label),
    firstName: optional(values.firstName),
    lastName: optional(values.lastName),
    companyName: optional(values.companyName),
    line1: values.line1.trim(),
    line2: optional(values.line2),
    city: values.city.trim(),
    postalCode: optional(values.postalCode),
    countryCode: values.countryCode ?? '',
    stateCode: values.stateCode,
    phone: optional(values.phone),
    isDefaultBilling: values.isDefaultBilling,
    isDefaultShipping: values.isDefaultShipping,
  };
}
