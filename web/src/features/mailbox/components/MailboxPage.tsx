import {
  Anchor,
  Box,
  Button,
  Center,
  CloseButton,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { Icon } from '@/components/Icon';
import { SkeletonRows } from '@/components/SkeletonRows';
import { ListNotLoaded } from '@/features/record-page/components/ListNotLoaded';
import { RecordListHeader } from '@/features/record-page/components/RecordListHeader';
import { formatDateTime } from '@/lib/format';
import { useMailbox } from '../hooks/useMailbox';
import { templateLabels } from '../lib/email-labels';
import { EmailStatusBadge } from './EmailStatusBadge';

const COLUMNS = 5;

/** The recipient filter: applied on submit (the server matches whole addresses), kept in the URL. */
function RecipientFilter({ value, onChange }: { value: string; onChange: (to: string) => void }) {
  const [text, setText] = useState(value);
  const [applied, setApplied] = useState(value);
  if (value !== applied) {
    setApplied(value);
    setText(value);
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange(text.trim());
  };
  const clear = () => {
    setText('');
    onChange('');
  };
  return (
    <form onSubmit={submit} aria-label="Filter by recipient">
      <Group gap="sm" align="flex-end" wrap="nowrap">
        <TextInput
          label="Recipient"
          placeholder="shopper@example.com"
          type="email"
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          leftSection={<Icon name="search" size={16} />}
          rightSection={text ? <CloseButton size="sm" aria-label="Clear recipient" onClick={clear} /> : null}
          autoComplete="off"
          spellCheck={false}
          w={340}
        />
        <Button type="submit" variant="default" disabled={text.trim() === value}>
          Filter
        </Button>
      </Group>
    </form>
  );
}

/** Every email the service wrote, newest first; without SMTP this is where they are read. */
export function MailboxPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const to = params.get('to') ?? '';
  const mailbox = useMailbox(to);
  const emails = mailbox.data?.pages.flatMap((page) => page.data);

  const setTo = (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set('to', value);
    else next.delete('to');
    setParams(next, { replace: true });
  };
  const open = (id: string) => navigate(`/mailbox/${id}`, { state: { mailboxSearch: location.search } });

  const row = (content: ReactNode) => (
    <Table.Tr>
      <Table.Td colSpan={COLUMNS}>{content}</Table.Td>
    </Table.Tr>
  );

  let body: ReactNode;
  if (mailbox.isError && !emails) {
    body = row(<ListNotLoaded />);
  } else if (!emails) {
    body = <SkeletonRows rows={5} columns={COLUMNS} />;
  } else if (emails.length === 0) {
    body = row(
      <Stack align="center" gap={4} py="xl">
        <Icon name="mail" size={28} color="var(--mantine-color-gray-6)" />
        <Text size="sm" c="dimmed">
          {to ? `No emails to ${to}.` : 'No emails yet.'}
        </Text>
      </Stack>,
    );
  } else {
    body = emails.map((email) => (
      <Table.Tr
        key={email.id}
        data-email-id={email.id}
        style={{ cursor: 'pointer' }}
        onClick={() => open(email.id)}
      >
        <Table.Td>
          <Text size="sm">{email.to}</Text>
        </Table.Td>
        <Table.Td maw={420} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
          <Anchor
            component={Link}
            to={`/mailbox/${email.id}`}
            state={{ mailboxSearch: location.search }}
            size="sm"
            fw={500}
            onClick={(event) => event.stopPropagation()}
          >
            {email.subject}
          </Anchor>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{templateLabels[email.template]}</Text>
        </Table.Td>
        <Table.Td>
          <EmailStatusBadge status={email.status} />
        </Table.Td>
        <Table.Td>
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
            <time dateTime={email.createdAt}>{formatDateTime(email.createdAt)}</time>
          </Text>
        </Table.Td>
      </Table.Tr>
    ));
  }

  return (
    <Stack gap="lg">
      <RecordListHeader
        title="Mailbox"
        noun="email"
        list={mailbox}
        count={emails?.length}
        countIsLowerBound={mailbox.hasNextPage}
        countTestId="mailbox-total"
        description="Every email the service wrote — invitations, password resets, confirmations, welcomes — newest first. Without a mail server (SMTP_URL) they are kept here instead of sent."
      />
      <Paper withBorder radius="md" shadow="xs">
        <Box p="sm">
          <RecipientFilter value={to} onChange={setTo} />
        </Box>
        <Table.ScrollContainer minWidth={760} type="native">
          <Table aria-label="Emails" data-testid="mailbox-table" aria-busy={mailbox.isFetching}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>To</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Template</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Time</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{body}</Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {mailbox.hasNextPage && (
          <Center py="md">
            <Button
              variant="default"
              onClick={() => mailbox.fetchNextPage()}
              loading={mailbox.isFetchingNextPage}
            >
              Load more
            </Button>
          </Center>
        )}
      </Paper>
    </Stack>
  );
}
