import type { ModuleManifest } from '../../lib/module.js';
import { notesRoutes } from './notes.routes.js';

export const notesModule: ModuleManifest = {
  name: 'notes',
  tags: [{ name: 'notes', description: 'Staff notes on a customer: written by staff, read by staff only.' }],
  adminRoutes: [notesRoutes],
  customerData: 'Staff notes about the customer (text, author, times); staff-only.',
};
