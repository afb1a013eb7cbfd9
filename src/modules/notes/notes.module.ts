import type { ModuleManifest } from '../../lib/module.js';
import { notesCustomerData } from './customer-data.service.js';
import { notesRoutes } from './notes.routes.js';

export const notesModule: ModuleManifest = {
  name: 'notes',
  tags: [{ name: 'notes', description: 'Staff notes on a customer: written by staff, read by staff only.' }],
  adminRoutes: [notesRoutes],
  customerData: notesCustomerData,
};
