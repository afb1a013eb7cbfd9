import { AppShell, Avatar, Burger, Button, Group, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation } from 'react-router';
import { Icon, type IconName } from '@/components/Icon';
import type { AdminRole } from '@/features/auth/api/auth-api';
import { type Feature, useHasFeature } from '@/features/auth/hooks/useFeatures';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { useSession } from '@/features/auth/hooks/useSession';
import { useSignOut } from '@/features/auth/hooks/useSignOut';
import { BrandMark } from './BrandMark';

const sections: { to: string; label: string; icon: IconName; role: AdminRole; feature?: Feature }[] = [
  { to: '/customers', label: 'Customers', icon: 'users', role: 'viewer' },
  { to: '/segments', label: 'Segments', icon: 'filter', role: 'viewer', feature: { module: 'segments' } },
  { to: '/orders', label: 'Orders', icon: 'receipt', role: 'viewer', feature: { module: 'orders' } },
  {
    to: '/carts/abandoned',
    label: 'Abandoned carts',
    icon: 'shoppingCart',
    role: 'viewer',
    feature: { module: 'carts' },
  },
  { to: '/groups', label: 'Groups', icon: 'users', role: 'viewer', feature: { module: 'groups' } },
  { to: '/roles', label: 'Roles', icon: 'lock', role: 'viewer', feature: { module: 'groups' } },
  { to: '/sites', label: 'Sites', icon: 'store', role: 'viewer' },
  {
    to: '/attributes',
    label: 'Custom attributes',
    icon: 'columns',
    role: 'viewer',
    feature: { module: 'attributes' },
  },
  {
    to: '/newsletters',
    label: 'Newsletters',
    icon: 'send',
    role: 'viewer',
    feature: { module: 'marketing' },
  },
  { to: '/jobs', label: 'Jobs', icon: 'refresh', role: 'viewer', feature: { module: 'jobs' } },
  { to: '/audit', label: 'Audit log', icon: 'filter', role: 'admin' },
  { to: '/mailbox', label: 'Mailbox', icon: 'mail', role: 'admin' },
  { to: '/webhooks', label: 'Webhooks', icon: 'webhook', role: 'admin' },
];

function initials(name: string | null, email: string): string {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 0 ? words.slice(0, 2).map((word) => word[0]) : [email[0]];
  return letters.join('').toUpperCase();
}

/** The frame of every signed-in page: header with the account, navigation on the left. */
export function AppLayout() {
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure();
  const { data: session } = useSession();
  const signOut = useSignOut();
  const { pathname } = useLocation();
  const hasRole = useHasRole();
  const hasFeature = useHasFeature();

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navOpened}
              onClick={toggleNav}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Link to="/customers" style={{ textDecoration: 'none' }}>
              <BrandMark />
            </Link>
            {session && (
              <Text size="sm" c="dimmed" visibleFrom="md">
                {session.tenant.name}
              </Text>
            )}
          </Group>
          {session && (
            <Group gap="sm" wrap="nowrap">
              <Avatar radius="xl" size="sm" color="indigo" aria-hidden="true">
                {initials(session.name, session.email)}
              </Avatar>
              <Stack gap={0} visibleFrom="sm">
                <Text size="sm" fw={600} lh={1.2} data-testid="current-user">
                  {session.name || session.email}
                </Text>
                <Text size="xs" c="dimmed" lh={1.2}>
                  {session.email}
                </Text>
              </Stack>
              <Button
                variant="default"
                size="xs"
                leftSection={<Icon name="logout" size={16} />}
                onClick={() => signOut.mutate()}
                loading={signOut.isPending}
              >
                Sign out
              </Button>
            </Group>
          )}
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Main">
        {sections
          .filter((section) => hasRole(section.role) && hasFeature(section.feature))
          .map((section) => (
            <NavLink
              key={section.to}
              component={Link}
              to={section.to}
              label={section.label}
              leftSection={<Icon name={section.icon} />}
              active={pathname.startsWith(section.to)}
              aria-current={pathname === section.to ? 'page' : undefined}
              onClick={closeNav}
              fw={500}
            />
          ))}
      </AppShell.Navbar>

      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
