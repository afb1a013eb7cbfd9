import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-accounts.js';
import * as m0003 from './0003-commerce.js';
import * as m0004 from './0004-admin-lockout.js';
import * as m0005 from './0005-idempotency-outcome.js';
import * as m0006 from './0006-event-request-id.js';
import * as m0007 from './0007-list-plans.js';
import * as m0008 from './0008-search-trigram.js';
import * as m0009 from './0009-groups-roles.js';
import * as m0010 from './0010-tags-notes.js';
import * as m0011 from './0011-segments.js';
import * as m0012 from './0012-custom-attributes.js';
import * as m0013 from './0013-tag-keys.js';
import * as m0014 from './0014-marketing.js';
import * as m0015 from './0015-jobs.js';
import * as m0016 from './0016-views-merge.js';
import * as m0017 from './0017-change-record.js';
import * as m0018 from './0018-webhooks.js';
import * as m0019 from './0019-erasure.js';
import * as m0020 from './0020-search-unaccent.js';
import * as m0021 from './0021-job-files-lz4.js';

/** Migrations are imported statically so the compiled service and the tests find the same list. */
export const migrationProvider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return {
      '0001-initial': m0001,
      '0002-accounts': m0002,
      '0003-commerce': m0003,
      '0004-admin-lockout': m0004,
      '0005-idempotency-outcome': m0005,
      '0006-event-request-id': m0006,
      '0007-list-plans': m0007,
      '0008-search-trigram': m0008,
      '0009-groups-roles': m0009,
      '0010-tags-notes': m0010,
      '0011-segments': m0011,
      '0012-custom-attributes': m0012,
      '0013-tag-keys': m0013,
      '0014-marketing': m0014,
      '0015-jobs': m0015,
      '0016-views-merge': m0016,
      '0017-change-record': m0017,
      '0018-webhooks': m0018,
      '0019-erasure': m0019,
      '0020-search-unaccent': m0020,
      '0021-job-files-lz4': m0021,
    };
  },
};
