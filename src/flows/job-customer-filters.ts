import type { CustomerFilterSource } from '../lib/module.js';

/**
 * The filter attributes of the enabled modules (group, role, subscribedTo, custom attributes…) for
 * jobs that read a customer filter in the worker: the bulk snapshot and the export. A route hands
 * its own to the flow; a job runs later, in any process, and the flows cannot read the module list
 * themselves without an import cycle. Whatever runs jobs (src/worker/background.ts, the CLI) sets
 * them before it starts; unset, only the customers' own attributes are known.
 */
let filters: CustomerFilterSource = () => ({});

export function setJobCustomerFilters(source: CustomerFilterSource) {
  filters = source;
}

export const jobCustomerFilters = (): CustomerFilterSource => filters;
