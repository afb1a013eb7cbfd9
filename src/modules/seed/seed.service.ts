import { faker } from '@faker-js/faker';
import type { RequestContext } from '../../lib/context.js';
import { createCustomer } from '../customers/customers.service.js';
import { demoCustomers } from './demo-customers.js';

/** Loads the demo customers (skipping those already there) and `extra` generated ones. */
export async function seedDemo(ctx: RequestContext, extra = 50): Promise<number> {
  let created = 0;
  for (const customer of demoCustomers) {
    try {
      await createCustomer(ctx, customer);
      created++;
    } catch (error) {
      // Seeding twice must not fail: a demo customer that exists already is kept as it is.
      if ((error as { code?: string }).code !== 'customer.email_taken') throw error;
    }
  }
  faker.seed(42);
  for (let i = 0; i < extra; i++) {
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    await createCustomer(ctx, {
      firstName,
      lastName,
      email: faker.internet.email({ firstName, lastName }).toLowerCase(),
      isRegistered: false,
      companyName: i % 4 === 0 ? faker.company.name() : null,
      addresses: [
        {
          line1: faker.location.streetAddress(),
          city: faker.location.city(),
          postalCode: faker.location.zipCode('#####'),
          countryCode: 'US',
          stateCode: `US-${faker.location.state({ abbreviated: true })}`,
        },
      ],
    });
    created++;
  }
  return created;
}
