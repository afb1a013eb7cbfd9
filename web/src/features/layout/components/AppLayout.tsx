import {
  ActionIcon,
  AppShell,
  Avatar,
  Burger,
  Button,
  Group,
  NavLink,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation } from 'react-router';
import { Icon } from '@/components/Icon';
import { useSession } from '@/features/auth/hooks/useSession';
import { useSignOut } from '@/features/auth/hooks/useSignOut';
import { KeyboardShortcuts } from '@/features/keyboard/components/KeyboardShortcuts';
import { useNavSections } from '../hooks/useNavSections';
import { BrandMark } from './BrandMark';
import { ColorSchemeSwitch } from './ColorSchemeSwitch';

function initials(name: string | null, email: string): string {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 0 ? words.slice(0, 2).map((word) => word[0]) : [email[0]];
  return letters.join('').toUpperCase();
}

/** The frame of every signed-in page: header with the account, navigation on the left. */
export function AppLayout() {
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure();
  const [paletteOpened, palette] = useDisclosure(false);
  const { data: session } = useSession();
  const signOut = useSignOut();
  const { pathname } = useLocation();
  const sections = useNavSections();

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
              <Tooltip label="Go to… (Ctrl+K)" openDelay={300}>
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label="Go to a customer or page"
                  onClick={palette.open}
                >
                  <Icon name="search" size={18} />
                </ActionIcon>
              </Tooltip>
              <ColorSchemeSwitch />
              <Avatar radius="xl" size="sm" color="indigo" aria-hidden="true" visibleFrom="sm">
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
                visibleFrom="sm"
              >
                Sign out
              </Button>
              {/* On a phone the header has room for the icon only. */}
              <ActionIcon
                variant="default"
                size="lg"
                aria-label="Sign out"
                onClick={() => signOut.mutate()}
                loading={signOut.isPending}
                hiddenFrom="sm"
              >
                <Icon name="logout" size={18} />
              </ActionIcon>
            </Group>
          )}
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Main">
        {sections.map((section) => (
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
      <KeyboardShortcuts
        paletteOpened={paletteOpened}
        onOpenPalette={palette.open}
        onClosePalette={palette.close}
      />
    </AppShell>
  );
}
