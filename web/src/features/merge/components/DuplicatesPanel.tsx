import {
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { LoadErrorAlert } from '@/components/LoadErrorAlert';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import type { Customer } from '@/features/customers/api/types';
import { customerDisplayName } from '@/features/customers/lib/display-name';
import { notifySuccess } from '@/lib/notify';
import type { DuplicateCandidate } from '../api/types';
import { useDuplicates } from '../hooks/useDuplicates';
import { MergePreview } from './MergePreview';

const REASON_LABEL: Record<DuplicateCandidate['reasons'][number], string> = {
  email: 'Same email',
  phone: 'Same phone',
  nameAndPostalCode: 'Same name and postal code',
};

/** The customer's likely duplicates; an admin previews merging one in, then merges. */
export function DuplicatesPanel({ customer }: { customer: Customer }) {
  const duplicates = useDuplicates(customer.id);
  const hasRole = useHasRole();
  const [source, setSource] = useState<Customer | null>(null);

  return (
    <Stack gap="lg">
      <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="duplicates-title">
        <Title order={2} size="h4" id="duplicates-title" mb="md">
          Duplicates
        </Title>
        {duplicates.isPending && (
          <Group gap="xs" role="status">
            <Loader size="xs" />
            <Text size="sm">Looking for duplicates…</Text>
          </Group>
        )}
        {duplicates.isError && (
          <LoadErrorAlert error={duplicates.error} onRetry={() => duplicates.refetch()} />
        )}
        {duplicates.data?.length === 0 && <Text c="dimmed">No likely duplicates of this customer.</Text>}
        {duplicates.data && duplicates.data.length > 0 && (
          <Table data-testid="duplicates-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Customer</Table.Th>
                <Table.Th scope="col">Email</Table.Th>
                <Table.Th scope="col">Why</Table.Th>
                <Table.Th scope="col">Score</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {duplicates.data.map((candidate) => (
                <Table.Tr key={candidate.customer.id}>
                  <Table.Td>{customerDisplayName(candidate.customer)}</Table.Td>
                  <Table.Td>{candidate.customer.email ?? '—'}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {candidate.reasons.map((reason) => (
                        <Badge key={reason} variant="light" size="sm">
                          {REASON_LABEL[reason]}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>{candidate.score}</Table.Td>
                  <Table.Td>
                    {hasRole('admin') && (
                      <Button
                        size="xs"
                        variant="light"
                        onClick={() => setSource(candidate.customer)}
                        aria-label={`Preview merge of ${customerDisplayName(candidate.customer)}`}
                      >
                        Preview merge
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      {source && (
        <MergePreview
          key={source.id}
          survivor={customer}
          source={source}
          onCancel={() => setSource(null)}
          onMerged={() => {
            notifySuccess(`${customerDisplayName(source)} was merged into this customer.`);
            setSource(null);
          }}
        />
      )}
    </Stack>
  );
}
