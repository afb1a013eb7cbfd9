import { Autocomplete, Badge, Button, CloseButton, Group, Paper, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type FormEvent, useState } from 'react';
import { isApiError } from '@/api/client';
import { asSentence, describeError } from '@/api/field-errors';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import type { Customer } from '@/features/customers/api/types';
import { notifyError } from '@/lib/notify';
import { useCustomerTagChanges } from '../hooks/useCustomerTagChanges';
import { useTagSuggestions } from '../hooks/useTagSuggestions';

/** The server's message for a refused tag (`/tags`, `/tags/0`), else its general one. */
function tagProblem(error: unknown): string {
  if (isApiError(error) && error.errors.length > 0)
    return error.errors.map((e) => asSentence(e.message)).join(' ');
  return describeError(error).message;
}

/**
 * The customer's tags as chips, changed in place: type a tag (the tenant's tags are offered as
 * you type, most used first) and press Enter, or remove one with its ×. Each change is saved at
 * once and never overwrites a tag someone else added meanwhile.
 */
export function CustomerTags({ customer }: { customer: Customer }) {
  const canEdit = useHasRole()('support');
  const { add, remove } = useCustomerTagChanges(customer.id);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [prefix] = useDebouncedValue(draft.trim(), 150);
  const suggestions = useTagSuggestions(prefix);
  const held = new Set(customer.tags.map((tag) => tag.toLowerCase()));
  const counts = new Map((suggestions.data?.data ?? []).map((row) => [row.tag, row.count]));
  const options = [...counts.keys()].filter((tag) => !held.has(tag.toLowerCase()));

  const addTag = (tag: string) => {
    if (!tag.trim()) return;
    setError(null);
    add.mutate([tag.trim()], {
      onSuccess: () => setDraft(''),
      onError: (failure) => setError(tagProblem(failure)),
    });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    addTag(draft);
  };

  return (
    <Paper withBorder radius="md" p="lg" shadow="xs" component="section" aria-labelledby="tags-title">
      <Title order={2} size="h4" id="tags-title" mb="sm">
        Tags
      </Title>
      {customer.tags.length === 0 ? (
        <Text size="sm" c="dimmed" mb="sm">
          No tags yet.
        </Text>
      ) : (
        <Group gap={6} mb="sm" data-testid="customer-tags">
          {customer.tags.map((tag) => (
            // A badge with a real button: Mantine's Pill hides its remove button from keyboards
            // and screen readers (it expects Backspace in an input), which this list has not.
            <Badge
              key={tag}
              size="lg"
              variant="light"
              color="gray"
              tt="none"
              fw={500}
              data-testid="tag"
              rightSection={
                canEdit && (
                  <CloseButton
                    size="xs"
                    aria-label={`Remove tag ${tag}`}
                    disabled={remove.isPending}
                    onClick={() => remove.mutate(tag, { onError: (failure) => notifyError(failure) })}
                  />
                )
              }
            >
              {tag}
            </Badge>
          ))}
        </Group>
      )}
      {canEdit && (
        <form onSubmit={submit}>
          <Group align="flex-start" gap="xs" wrap="nowrap">
            <Autocomplete
              label="Add a tag"
              placeholder="Type a tag and press Enter"
              value={draft}
              onChange={(value) => {
                setDraft(value);
                setError(null);
              }}
              data={options}
              // The server already chose the matches (a prefix, most used first).
              filter={({ options: all }) => all}
              renderOption={({ option }) => (
                <Group justify="space-between" w="100%" gap="xs">
                  <span>{option.value}</span>
                  <Text size="xs" c="dimmed">
                    {counts.get(option.value) ?? ''}
                  </Text>
                </Group>
              )}
              onOptionSubmit={addTag}
              maxLength={64}
              error={error}
              style={{ flex: 1 }}
            />
            <Button type="submit" mt={25} loading={add.isPending} disabled={!draft.trim()}>
              Add
            </Button>
          </Group>
        </form>
      )}
    </Paper>
  );
}
