import { Button, Checkbox, Group, Modal, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { WEBHOOK_TOPICS } from '@server/modules/events/webhook-topics.js';
import { type FormEvent, useState } from 'react';
import { isApiError } from '@/api/client';
import { type FieldErrors, splitProblem } from '@/api/field-errors';
import { notifyError } from '@/lib/notify';
import type { WebhookTopic } from '../api/types';
import { useWebhookAction } from '../hooks/useWebhookAction';

const fields = ['url', 'topics', 'description'] as const;

interface NewWebhookModalProps {
  opened: boolean;
  onClose: () => void;
  /** Called with the new endpoint's secret, for the page to show once. */
  onCreated: (secret: string) => void;
}

/** "New webhook": where to send, which topics, what it is for. */
export function NewWebhookModal({ opened, onClose, onCreated }: NewWebhookModalProps) {
  const action = useWebhookAction();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [topics, setTopics] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});

  const close = () => {
    setUrl('');
    setDescription('');
    setTopics([]);
    setErrors({});
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    action.mutate(
      {
        kind: 'create',
        input: {
          url: url.trim(),
          topics: topics as WebhookTopic[],
          ...(description.trim() ? { description: description.trim() } : {}),
        },
      },
      {
        onSuccess: ({ secret }) => {
          close();
          if (secret) onCreated(secret);
        },
        onError: (error) => {
          if (!isApiError(error) || error.status !== 400) return notifyError(error);
          const { fields: found, other } = splitProblem(error, fields);
          setErrors(found);
          if (other.length > 0 || Object.keys(found).length === 0) notifyError(error, other);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="New webhook" centered size="lg">
      <form onSubmit={submit} aria-label="New webhook" noValidate>
        <Stack gap="md">
          <TextInput
            label="URL"
            description="Where messages are POSTed: http or https, no user name or password"
            placeholder="https://erp.example.com/hooks/clientele"
            withAsterisk
            data-autofocus
            value={url}
            error={errors.url}
            onChange={(event) => setUrl(event.currentTarget.value)}
            autoComplete="off"
            spellCheck={false}
          />
          <TextInput
            label="Description"
            description="What the endpoint is for"
            value={description}
            error={errors.description}
            onChange={(event) => setDescription(event.currentTarget.value)}
          />
          <Checkbox.Group
            label="Topics"
            description="The changes sent to this endpoint"
            withAsterisk
            value={topics}
            onChange={setTopics}
            error={errors.topics}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt="xs">
              {WEBHOOK_TOPICS.map((topic) => (
                <Checkbox key={topic} value={topic} label={topic} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close} disabled={action.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={action.isPending}>
              Create webhook
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
