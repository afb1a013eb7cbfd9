import { Badge, Button, Group, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { Icon } from '@/components/Icon';
import { SkeletonRows } from '@/components/SkeletonRows';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { ListNotLoaded } from '@/features/record-page/components/ListNotLoaded';
import { RecordListHeader } from '@/features/record-page/components/RecordListHeader';
import type { Attribute } from '../api/types';
import { useAttributes } from '../hooks/useAttributes';
import { attributeTypes } from '../lib/attribute-form';
import { AttributeModal } from './AttributeModal';

const typeLabel = new Map(attributeTypes.map((type) => [type.value, type.label]));

function Flags({ attribute }: { attribute: Attribute }) {
  const flags = [
    attribute.required && 'Required',
    attribute.indexed && 'Sortable',
    attribute.shopperEditable ? 'Shopper edits' : attribute.shopperVisible && 'Shopper sees',
  ].filter((flag): flag is string => Boolean(flag));
  return (
    <Group gap={4}>
      {flags.map((flag) => (
        <Badge key={flag} variant="light" color="gray" size="sm">
          {flag}
        </Badge>
      ))}
    </Group>
  );
}

/** The tenant's custom attributes: typed fields every customer may carry. */
export function AttributesPage() {
  const attributes = useAttributes();
  const canEdit = useHasRole()('admin');
  // undefined: closed; null: a new attribute; else the one being changed.
  const [editing, setEditing] = useState<Attribute | null | undefined>(undefined);

  let body: ReactNode;
  if (attributes.isError && !attributes.data) {
    body = (
      <Table.Tr>
        <Table.Td colSpan={5}>
          <ListNotLoaded />
        </Table.Td>
      </Table.Tr>
    );
  } else if (attributes.isPending) {
    body = <SkeletonRows rows={3} columns={5} />;
  } else {
    body = attributes.data.map((attribute) => (
      <Table.Tr key={attribute.id} data-attribute-code={attribute.code}>
        <Table.Td>
          <Text size="sm" ff="monospace">
            {attribute.code}
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm" fw={500}>
            {attribute.label}
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{typeLabel.get(attribute.type)}</Text>
        </Table.Td>
        <Table.Td>
          <Flags attribute={attribute} />
        </Table.Td>
        <Table.Td>
          {canEdit && (
            <Button
              size="xs"
              variant="subtle"
              leftSection={<Icon name="pencil" size={14} />}
              onClick={() => setEditing(attribute)}
              aria-label={`Edit ${attribute.label}`}
            >
              Edit
            </Button>
          )}
        </Table.Td>
      </Table.Tr>
    ));
  }

  return (
    <Stack gap="lg">
      <RecordListHeader
        title="Custom attributes"
        noun="attribute"
        list={attributes}
        count={attributes.data?.length}
        countTestId="attributes-total"
        description="Fields of your own on every customer: filter the customer list on them as attributes.<code>, and sort by the sortable ones."
        actions={
          canEdit && (
            <Button leftSection={<Icon name="plus" size={16} />} onClick={() => setEditing(null)}>
              New attribute
            </Button>
          )
        }
      />
      <Paper withBorder radius="md" shadow="xs">
        <Table.ScrollContainer minWidth={720} type="native">
          <Table
            aria-label="Custom attributes"
            data-testid="attributes-table"
            aria-busy={attributes.isPending}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Code</Table.Th>
                <Table.Th>Label</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Settings</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{body}</Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      {editing !== undefined && (
        <AttributeModal
          key={editing?.id ?? 'new'}
          attribute={editing}
          opened
          onClose={() => setEditing(undefined)}
        />
      )}
    </Stack>
  );
}
