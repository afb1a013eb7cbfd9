import type { ModuleManifest } from '../../lib/module.js';
import { eventsCustomerData } from './customer-data.service.js';

/** The timeline: no routes of its own (accounts and me read it), but it holds customer data. */
export const eventsModule: ModuleManifest = {
  name: 'events',
  core: true,
  customerData: eventsCustomerData,
};
