import { Alert, Button, Group, List, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { describeError } from '@/api/field-errors';
import type { Customer } from '@/features/customers/api/types';
import { customerDisplayName } from '@/features/customers/lib/display-name';
import type { MergeResult } from '../api/types';
import { useMergeCustomer } from '../hooks/useMergeCustomer';
import { useMergePreview } from '../hooks/useMergePreview';

const FIELDS = [
  ['firstName', 'First name'],
  ['lastName', 'Last name'],
  ['email', 'Email'],
  ['phone', 'Phone'],
  ['companyName', 'Company'],
  ['externalId', 'External id'],
  ['isRegistered', 'Registered'],
  ['tags', 'Tags'],
  ['ordersCount', 'Orders'],
] as const satisfies readonly (readonly [keyof Customer, string])[];

const shown = (value: unknown) =>
  value === null || value === undefined || value === ''
    ? '—'
    : Array.isArray(value)
      ? value.join(', ') || '—'
      : typeof value === 'boolean'
        ? value
          ? 'Yes'
          : 'No'
        : String(value);

/** The counts of a merge in words, only the kinds that move something. */
function movedLines(moved: MergeResult['moved']): string[] {
  const lines: [number, string][] = [
    [moved.orders, 'orders'],
    [moved.carts, 'carts'],
    [moved.wishlists + moved.wishlistsMerged, 'wish lists'],
    [moved.creditEntries, 'store-credit entries'],
    [moved.addresses, 'addresses'],
    [moved.addressesDeduplicated, 'duplicate addresses dropped'],
    [moved.tags, 'new tags'],
    [moved.groups, 'group memberships'],
    [moved.roles, 'roles'],
    [moved.notes, 'notes'],
    [moved.timelineEvents, 'timeline entries'],
    [moved.attributes, 'custom attributes'],
  ];
  return lines.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
}

interface MergePreviewProps {
  survivor: Customer;
  source: Customer;
  onCancel: () => void;
  onMerged: (result: MergeResult) => void;
}

/**
 * This customer and a duplicate side by side with the result of merging the duplicate in (a dry
 * run of the real merge), what will move, and the button that does it.
 */
export function MergePreview({ survivor, source, onCancel, onMerged }: MergePreviewProps) {
  const preview = useMergePreview(survivor.id, source.id);
  const merge = useMergeCustomer(survivor.id);
  const result = preview.data;

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="merge-preview-title">
      <Stack gap="md">
        <Title order={3} size="h5" id="merge-preview-title">
          Merge {customerDisplayName(source)} into this customer
        </Title>
        {preview.isPending && (
          <Group gap="xs" role="status">
            <Loader size="xs" />
            <Text size="sm">Working out what would move…</Text>
          </Group>
        )}
        {preview.isError && (
          <Alert color="red" title="This merge is not possible">
            {describeError(preview.error).message}
          </Alert>
        )}
        {result && (
          <>
            <Table withTableBorder withColumnBorders data-testid="merge-comparison">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Field</Table.Th>
                  <Table.Th scope="col">This customer (kept)</Table.Th>
                  <Table.Th scope="col">Duplicate (merged in, then deleted)</Table.Th>
                  <Table.Th scope="col">After the merge</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {FIELDS.map(([field, label]) => (
                  <Table.Tr key={field}>
                    <Table.Th scope="row">{label}</Table.Th>
                    <Table.Td>{shown(survivor[field])}</Table.Td>
                    <Table.Td>{shown(source[field])}</Table.Td>
                    <Table.Td>{shown(result.survivor[field])}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <div>
              <Text fw={600} size="sm">
                What moves to this customer
              </Text>
              {movedLines(result.moved).length > 0 ? (
                <List size="sm" data-testid="merge-moves">
                  {movedLines(result.moved).map((line) => (
                    <List.Item key={line}>{line}</List.Item>
                  ))}
                  {result.moved.creditBalances.map((balance) => (
                    <List.Item key={balance.currency}>
                      store credit {balance.currency} {(balance.amountMinor / 100).toFixed(2)} added
                    </List.Item>
                  ))}
                </List>
              ) : (
                <Text size="sm">Nothing but the record itself.</Text>
              )}
            </div>
          </>
        )}
        {merge.isError && (
          <Alert color="red" title="The merge failed">
            {describeError(merge.error).message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button
            color="red"
            disabled={!result}
            loading={merge.isPending}
            onClick={() => merge.mutate(source.id, { onSuccess: onMerged })}
          >
            Merge and delete the duplicate
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
