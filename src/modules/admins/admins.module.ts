import type { ModuleManifest } from '../../lib/module.js';
import { adminsRoutes } from './admins.routes.js';
import { auditRoutes } from './audit.routes.js';

export const adminsModule: ModuleManifest = {
  name: 'admins',
  core: true,
  tags: [
    { name: 'auth', description: 'Admin sign-in and sessions.' },
    { name: 'admins', description: 'Admin users and API keys.' },
    {
      name: 'audit',
      description: 'The audit log: every change in the tenant, who made it and what changed.',
    },
  ],
  adminRoutes: (setup) => [
    adminsRoutes({
      sessionTtlHours: setup.sessionTtlHours,
      secureCookies: setup.secureCookies,
      features: setup.features,
    }),
    auditRoutes,
  ],
};
