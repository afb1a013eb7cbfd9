import { type Static, Type } from '@sinclair/typebox';
import { Nullable, SingleLine, Timestamp, Uuid } from '../../http/schemas.js';

const text = (maxLength: number, description: string) => Nullable(SingleLine({ maxLength, description }));

/** The fields of a postal address, shared by the address book and the copies kept with orders. */
export const postalAddressFields = {
  firstName: text(100, 'Recipient given name.'),
  lastName: text(100, 'Recipient family name.'),
  companyName: text(200, 'Company.'),
  line1: SingleLine({ minLength: 1, maxLength: 200, description: 'Street and number.' }),
  line2: text(200, 'Apartment, suite, floor.'),
  city: SingleLine({ minLength: 1, maxLength: 100 }),
  postalCode: text(20, 'Postal or ZIP code.'),
  countryCode: Type.String({
    pattern: '^[A-Z]{2}$',
    maxLength: 2,
    description: 'ISO 3166-1 alpha-2 country code, e.g. `US`.',
  }),
  stateCode: Nullable(
    Type.String({ maxLength: 10, description: 'ISO 3166-2 subdivision code of that country, e.g. `US-CA`.' }),
  ),
  phone: Nullable(
    Type.String({ maxLength: 32, description: "Phone; stored in E.164, the address's country assumed." }),
  ),
};

const fields = {
  label: text(60, 'A name for the address, e.g. "Home" or "Warehouse".'),
  ...postalAddressFields,
  isDefaultBilling: Type.Boolean({
    description: "The customer's billing address; sets the grid's country and state.",
  }),
  isDefaultShipping: Type.Boolean(),
};

export const AddressInputSchema = Type.Object(
  {
    ...fields,
    label: Type.Optional(fields.label),
    firstName: Type.Optional(fields.firstName),
    lastName: Type.Optional(fields.lastName),
    companyName: Type.Optional(fields.companyName),
    line2: Type.Optional(fields.line2),
    postalCode: Type.Optional(fields.postalCode),
    stateCode: Type.Optional(fields.stateCode),
    phone: Type.Optional(fields.phone),
    isDefaultBilling: Type.Optional(fields.isDefaultBilling),
    isDefaultShipping: Type.Optional(fields.isDefaultShipping),
  },
  { additionalProperties: false, title: 'AddressInput' },
);
export type AddressInput = Static<typeof AddressInputSchema>;

export const AddressPatchSchema = Type.Partial(Type.Object(fields), {
  additionalProperties: false,
  minProperties: 1,

  title: 'AddressPatch',
});
export type AddressPatch = Static<typeof AddressPatchSchema>;

export const AddressSchema = Type.Object(
  {
    id: Uuid(),
    customerId: Uuid(),
    ...fields,
    label: fields.label,
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  },
  { title: 'Address', additionalProperties: false },
);
export type Address = Static<typeof AddressSchema>;

export const AddressParams = Type.Object(
  { id: Uuid({ description: 'Customer id.' }), addressId: Uuid({ description: 'Address id.' }) },
  { additionalProperties: false },
);

export const AddressListSchema = Type.Object(
  { data: Type.Array(AddressSchema, { maxItems: 1000 }) },
  { title: 'AddressList' },
);
