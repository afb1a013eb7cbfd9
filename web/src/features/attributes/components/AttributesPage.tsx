import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Icon } from '@/components/Icon';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { RecordListHeader } from '@/features/record-page/components/RecordListHeader';
import { DefinitionTable } from '@/features/record-table/components/DefinitionTable';
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
      <DefinitionTable
        label="Custom attributes"
        testId="attributes-table"
        minWidth={720}
        query={attributes}
        rowKey={(attribute) => attribute.id}
        rowAttributes={(attribute) => ({ 'data-attribute-code': attribute.code })}
        columns={[
          {
            header: 'Code',
            cell: (attribute) => (
              <Text size="sm" ff="monospace">
                {attribute.code}
              </Text>
            ),
          },
          {
            header: 'Label',
            cell: (attribute) => (
              <Text size="sm" fw={500}>
                {attribute.label}
              </Text>
            ),
          },
          { header: 'Type', cell: (attribute) => <Text size="sm">{typeLabel.get(attribute.type)}</Text> },
          { header: 'Settings', cell: (attribute) => <Flags attribute={attribute} /> },
        ]}
        edit={{
          onEdit: canEdit ? setEditing : undefined,
          label: (attribute) => `Edit ${attribute.label}`,
          icon: <Icon name="pencil" size={14} />,
        }}
      />
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
