import type { ModuleManifest } from '../../lib/module.js';
import { referenceRoutes } from './reference.routes.js';

export const referenceModule: ModuleManifest = {
  name: 'reference',
  core: true,
  tags: [{ name: 'reference', description: 'Countries and states.' }],
  adminRoutes: [referenceRoutes],
};
