import { Alert, Anchor, Code, Paper, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { Link, useLocation, useParams } from 'react-router';
import { RecordFact } from '@/features/record-page/components/RecordFact';
import { RecordPageShell } from '@/features/record-page/components/RecordPageShell';
import { useSites } from '@/features/sites/hooks/useSites';
import { formatDateTime } from '@/lib/format';
import type { Email } from '../api/types';
import { useEmail } from '../hooks/useEmail';
import { statusLooks, templateLabels } from '../lib/email-labels';
import { EmailStatusBadge } from './EmailStatusBadge';

/** The list view the user came from (recipient filter), so "Mailbox" leads back to it. */
function useMailboxLink(): string {
  const state = useLocation().state as { mailboxSearch?: unknown } | null;
  return `/mailbox${typeof state?.mailboxSearch === 'string' ? state.mailboxSearch : ''}`;
}

/**
 * The email's bodies. The HTML part is shown in a sandboxed frame with no permissions at all: no
 * scripts, no forms, no same-origin access, so whatever an email contains cannot act on the app.
 */
function EmailBodies({ email }: { email: Email }) {
  if (!email.text && !email.html) {
    return (
      <Alert color="gray" title="Body not kept">
        This email carried a one-time link. Once such an email is sent its body is no longer kept, so a leaked
        mailbox yields no working link.
      </Alert>
    );
  }
  return (
    <Stack gap="md">
      {email.linkHidden && (
        <Alert color="gray" title="Link hidden" data-testid="email-link-hidden">
          This email carries a one-time link that signs its holder into the shopper’s account, so its token
          shows as HIDDEN. Such links are shown to no one, except to an owner when the server runs without
          SMTP_URL and keeps emails instead of sending them.
        </Alert>
      )}
      <EmailParts email={email} />
    </Stack>
  );
}

function EmailParts({ email }: { email: Email }) {
  return (
    <Tabs defaultValue="html" keepMounted={false}>
      <Tabs.List>
        <Tabs.Tab value="html">HTML</Tabs.Tab>
        <Tabs.Tab value="text">Plain text</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="html" pt="md">
        <iframe
          sandbox=""
          srcDoc={email.html}
          title={`HTML part of the email “${email.subject}”`}
          data-testid="email-html"
          style={{
            width: '100%',
            height: 520,
            border: '1px solid var(--mantine-color-gray-3)',
            borderRadius: 'var(--mantine-radius-md)',
            background: 'white',
          }}
        />
      </Tabs.Panel>
      <Tabs.Panel value="text" pt="md">
        <Code
          block
          data-testid="email-text"
          style={{ whiteSpace: 'pre-wrap', fontSize: 'var(--mantine-font-size-sm)' }}
        >
          {email.text}
        </Code>
      </Tabs.Panel>
    </Tabs>
  );
}

export function EmailPage() {
  const { emailId = '' } = useParams();
  const mailboxLink = useMailboxLink();
  const email = useEmail(emailId);
  const subject = email.data?.subject ?? 'Email';
  return (
    <RecordPageShell
      parent={{ label: 'Mailbox', to: mailboxLink }}
      crumb={subject}
      documentTitle={`${subject} · Mailbox`}
      maw={1040}
      query={email}
      loadingLabel="Loading email…"
      notFound={{ title: 'Email not found', message: 'There is no such email.' }}
      backLabel="Back to the mailbox"
    >
      {(data) => <EmailView email={data} />}
    </RecordPageShell>
  );
}

/** The email's envelope, delivery state and bodies. */
function EmailView({ email: data }: { email: Email }) {
  const { data: sites } = useSites();
  const site = sites?.find((candidate) => candidate.id === data.siteId);
  return (
    <>
      <Title order={1}>{data.subject}</Title>
      <Paper withBorder radius="md" p="lg" shadow="xs">
        <SimpleGrid component="dl" m={0} cols={{ base: 1, sm: 2, md: 4 }} spacing="md">
          <RecordFact label="To">{data.to}</RecordFact>
          <RecordFact label="Template">{templateLabels[data.template]}</RecordFact>
          <RecordFact label="Status">
            <EmailStatusBadge status={data.status} />
          </RecordFact>
          <RecordFact label="Attempts">{data.attempts}</RecordFact>
          <RecordFact label="Written">
            <time dateTime={data.createdAt}>{formatDateTime(data.createdAt)}</time>
          </RecordFact>
          <RecordFact label="Sent">{formatDateTime(data.sentAt)}</RecordFact>
          <RecordFact label="Customer">
            {data.customerId ? (
              <Anchor component={Link} to={`/customers/${data.customerId}`} size="sm">
                Open customer
              </Anchor>
            ) : (
              '—'
            )}
          </RecordFact>
          <RecordFact label="Site">{site?.name ?? '—'}</RecordFact>
        </SimpleGrid>
        <Text size="xs" c="dimmed" mt="sm">
          {statusLooks[data.status].description}
        </Text>
        {data.lastError && (
          <Alert color="red" title="Last delivery error" mt="md">
            {data.lastError}
          </Alert>
        )}
      </Paper>
      <Paper withBorder radius="md" p="lg" shadow="xs" component="section" aria-label="Email body">
        <EmailBodies email={data} />
      </Paper>
    </>
  );
}
