import { createBrowserRouter, Navigate } from 'react-router';
import { NotFoundPage } from '@/components/NotFoundPage';
import { RouteError } from '@/components/RouteError';
import { AttributesPage } from '@/features/attributes/components/AttributesPage';
import { AuditPage } from '@/features/audit/components/AuditPage';
import { RequireSession } from '@/features/auth/components/RequireSession';
import { SignInPage } from '@/features/auth/components/SignInPage';
import { AbandonedCartsPage } from '@/features/carts/components/AbandonedCartsPage';
import { CustomerPage } from '@/features/customers/components/CustomerPage';
import { CustomersPage } from '@/features/customers/components/CustomersPage';
import { NewCustomerPage } from '@/features/customers/components/NewCustomerPage';
import { GroupsPage } from '@/features/groups/components/GroupsPage';
import { RolesPage } from '@/features/groups/components/RolesPage';
import { ImportWizardPage } from '@/features/jobs/components/ImportWizardPage';
import { JobsPage } from '@/features/jobs/components/JobsPage';
import { AppLayout } from '@/features/layout/components/AppLayout';
import { EmailPage } from '@/features/mailbox/components/EmailPage';
import { MailboxPage } from '@/features/mailbox/components/MailboxPage';
import { NewslettersPage } from '@/features/marketing/components/NewslettersPage';
import { OrderPage } from '@/features/orders/components/OrderPage';
import { OrdersPage } from '@/features/orders/components/OrdersPage';
import { SegmentEditorPage } from '@/features/segments/components/SegmentEditorPage';
import { SegmentsPage } from '@/features/segments/components/SegmentsPage';
import { SitePage } from '@/features/sites/components/SitePage';
import { SitesPage } from '@/features/sites/components/SitesPage';
import { WebhooksPage } from '@/features/webhooks/components/WebhooksPage';

/** Paths are below `/admin`; the server answers every `/admin/*` page with index.html, so deep links work. */
export const router = createBrowserRouter(
  [
    { path: '/login', element: <SignInPage />, errorElement: <RouteError /> },
    {
      element: <RequireSession />,
      errorElement: <RouteError />,
      children: [
        {
          element: <AppLayout />,
          children: [
            { index: true, element: <Navigate to="/customers" replace /> },
            { path: 'customers', element: <CustomersPage /> },
            { path: 'customers/new', element: <NewCustomerPage /> },
            { path: 'customers/:customerId', element: <CustomerPage /> },
            { path: 'segments', element: <SegmentsPage /> },
            { path: 'segments/new', element: <SegmentEditorPage /> },
            { path: 'segments/:segmentId', element: <SegmentEditorPage /> },
            { path: 'orders', element: <OrdersPage /> },
            { path: 'orders/:orderId', element: <OrderPage /> },
            { path: 'carts/abandoned', element: <AbandonedCartsPage /> },
            { path: 'groups', element: <GroupsPage /> },
            { path: 'roles', element: <RolesPage /> },
            { path: 'sites', element: <SitesPage /> },
            { path: 'sites/:siteId', element: <SitePage /> },
            { path: 'attributes', element: <AttributesPage /> },
            { path: 'newsletters', element: <NewslettersPage /> },
            { path: 'jobs', element: <JobsPage /> },
            { path: 'jobs/import', element: <ImportWizardPage /> },
            { path: 'audit', element: <AuditPage /> },
            { path: 'mailbox', element: <MailboxPage /> },
            { path: 'mailbox/:emailId', element: <EmailPage /> },
            { path: 'webhooks', element: <WebhooksPage /> },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ],
  { basename: '/admin' },
);
