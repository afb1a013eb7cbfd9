import { DomainError } from '../../lib/errors.js';

export const jobErrors = {
  notFound: () => new DomainError('not_found', 'job.not_found', 'No such job in this tenant.'),
  finished: () =>
    new DomainError(
      'conflict',
      'job.finished',
      'The job has finished already; only a queued or running job can be cancelled.',
    ),
  noFile: () => new DomainError('not_found', 'job.no_file', 'The job has no file to download.'),
  stopped: (status: string) =>
    new DomainError('conflict', 'job.stopped', `The export was ${status} while its file was being sent.`),
  restarted: () =>
    new DomainError(
      'conflict',
      'job.restarted',
      'The export started again (its worker stopped) while its file was being sent; download it again.',
    ),
  noErrors: () =>
    new DomainError('not_found', 'job.no_errors', 'Only an import or a bulk action has an errors report.'),
};
