import type { CustomerCreate } from '../customers/customers.schemas.js';

/** The eleven customers of the example grid admins know from Kentico's demo store. */
export const demoCustomers: CustomerCreate[] = [
  ['William', 'Brown', 'william.brown@example.com', 'Brown & Sons Ltd.', 'GB', 'GB-LND', '+44 20 7946 0018', true],
  ['David', 'Davis', 'david.davis@example.com', null, 'US', 'US-NY', '+1 212 555 0147', true],
  ['Peter', 'Earnshaw', 'peter.earnshaw@example.com', 'Earnshaw Engineering', 'GB', 'GB-MAN', '+44 161 496 0753', false],
  ['Alice', 'Johnson', 'alice.johnson@example.com', null, 'US', 'US-CA', '+1 415 555 0132', true],
  ['Robert', 'Miller', 'robert.miller@example.com', 'Miller Outdoor Inc.', 'US', 'US-WA', '+1 206 555 0190', true],
  ['Emma', 'Novak', 'emma.novak@example.com', null, 'CZ', 'CZ-10', '+420 601 555 123', false],
  ['Lukas', 'Schmidt', 'lukas.schmidt@example.com', 'Schmidt GmbH', 'DE', 'DE-BY', '+49 89 5555 1234', true],
  ['Sophie', 'Taylor', 'sophie.taylor@example.com', null, 'AU', 'AU-NSW', '+61 2 5550 1234', true],
  ['Michael', 'Wilson', 'michael.wilson@example.com', 'Wilson Coffee Roasters', 'CA', 'CA-ON', '+1 416 555 0178', false],
  ['Olivia', 'Young', 'olivia.young@example.com', null, 'US', 'US-TX', '+1 512 555 0110', true],
  ['Jan', 'Zeman', 'jan.zeman@example.com', 'Zeman s.r.o.', 'CZ', 'CZ-64', '+420 541 555 987', true],
].map(([firstName, lastName, email, companyName, countryCode, stateCode, phone, isRegistered]) => ({
  firstName: firstName as string,
  lastName: lastName as string,
  email: email as string,
  companyName: companyName as string | null,
  phone: phone as string,
  isRegistered: isRegistered as boolean,
  tags: companyName ? ['b2b'] : [],
  addresses: [
    {
      line1: `${10 + (lastName as string).length} Market Street`,
      city: 'Springfield',
      postalCode: '12345',
      countryCode: countryCode as string,
      stateCode: stateCode as string,
    },
  ],
}));
