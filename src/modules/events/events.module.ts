import type { ModuleManifest } from '../../lib/module.js';

/** The timeline: no routes of its own (accounts and me read it), but it holds customer data. */
export const eventsModule: ModuleManifest = {
  name: 'events',
  core: true,
  customerData: "The customer's timeline: what happened to the record and the account, and who did it.",
};
