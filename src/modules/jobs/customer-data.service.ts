import type { CustomerDataHook } from '../../lib/module.js';
import { jobsDataRepository } from './customer-data.repository.js';

/**
 * An import's error report keeps the rejected rows' cells (an email that was taken, a phone that
 * did not parse), under no customer id: the person's values are found by the cell. The uploaded
 * file itself is gone once its import ends (finishJob); an export's file is a download of many
 * people, kept with its job.
 */
export const jobsCustomerData: CustomerDataHook = {
  describe: "Cells of import error reports that hold one of the customer's values (an email, a phone).",
  tables: ['job_errors'],
  read: (ctx, { personalValues }) => jobsDataRepository.list(ctx, personalValues),
  erase: async (ctx, { personalValues }) => ({
    job_errors: await jobsDataRepository.blank(ctx, personalValues),
  }),
};
