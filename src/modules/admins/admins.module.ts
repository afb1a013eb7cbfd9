import type { ModuleManifest } from '../../lib/module.js';
import { adminsRoutes } from './admins.routes.js';

export const adminsModule: ModuleManifest = {
  name: 'admins',
  core: true,
  tags: [
    { name: 'auth', description: 'Admin sign-in and sessions.' },
    { name: 'admins', description: 'Admin users and API keys.' },
  ],
  adminRoutes: (setup) => [
    adminsRoutes({ sessionTtlHours: setup.sessionTtlHours, secureCookies: setup.secureCookies }),
  ],
};
