import { Button, Stack, Text, ThemeIcon } from '@mantine/core';
import { Link } from 'react-router';
import { Icon } from '@/components/Icon';

interface CustomersEmptyStateProps {
  searching: boolean;
  onClearSearch: () => void;
}

/** Shown only once the server has answered with no rows, never while loading. */
export function CustomersEmptyState({ searching, onClearSearch }: CustomersEmptyStateProps) {
  return (
    <Stack align="center" gap="xs" py={48} data-testid="customers-empty">
      <ThemeIcon variant="light" color="gray" size={48} radius="xl" aria-hidden="true">
        <Icon name={searching ? 'search' : 'users'} size={24} />
      </ThemeIcon>
      <Text fw={600}>{searching ? 'No customers match this view' : 'No customers yet'}</Text>
      <Text size="sm" c="dimmed" ta="center" maw={360}>
        {searching
          ? 'Try a shorter search or a different filter.'
          : 'Customers appear here when they register or check out, or when you add them.'}
      </Text>
      {searching ? (
        <Button variant="default" mt="xs" onClick={onClearSearch}>
          Clear search and filter
        </Button>
      ) : (
        <Button component={Link} to="/customers/new" mt="xs">
          New customer
        </Button>
      )}
    </Stack>
  );
}
