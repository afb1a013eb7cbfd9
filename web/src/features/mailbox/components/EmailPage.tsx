import {
  Alert,
  Anchor,
  Box,
  Breadcrumbs,
  Button,
  Code,
  Paper,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { isApiError } from '@/api/client';
import { describeError } from '@/api/field-errors';
import { PageLoader } from '@/components/PageLoader';
import { useSites } from '@/features/sites/hooks/useSites';
import { formatDateTime } from '@/lib/format';
import type { Email } from '../api/types';
import { useEmail } from '../hooks/useEmail';
import { statusLooks, templateLabels } from '../lib/email-labels';
import { EmailStatusBadge } from './EmailStatusBadge';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text component="dd" size="sm" fw={500} m={0} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

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
  const { data: sites } = useSites();
  const subject = email.data?.subject ?? 'Email';
  useDocumentTitle(`${subject} · Mailbox · Clientele`);

  const breadcrumbs = (
    <Box component="nav" aria-label="Breadcrumb">
      <Breadcrumbs>
        <Anchor component={Link} to={mailboxLink} size="sm">
          Mailbox
        </Anchor>
        <Text size="sm" aria-current="page" truncate maw={480}>
          {subject}
        </Text>
      </Breadcrumbs>
    </Box>
  );

  if (email.isPending) {
    return (
      <Stack gap="lg">
        {breadcrumbs}
        <PageLoader label="Loading email…" />
      </Stack>
    );
  }
  if (email.isError) {
    const notFound = isApiError(email.error) && email.error.status === 404;
    const { title, message } = describeError(email.error);
    return (
      <Stack gap="lg" maw={640}>
        {breadcrumbs}
        <Title order={1}>{notFound ? 'Email not found' : title}</Title>
        <Alert color={notFound ? 'gray' : 'red'}>{notFound ? 'There is no such email.' : message}</Alert>
        <Box>
          <Button component={Link} to={mailboxLink} variant="default">
            Back to the mailbox
          </Button>
        </Box>
      </Stack>
    );
  }

  const data = email.data;
  const site = sites?.find((candidate) => candidate.id === data.siteId);
  return (
    <Stack gap="lg" maw={1040}>
      {breadcrumbs}
      <Title order={1}>{data.subject}</Title>
      <Paper withBorder radius="md" p="lg" shadow="xs">
        <SimpleGrid component="dl" m={0} cols={{ base: 1, sm: 2, md: 4 }} spacing="md">
          <Fact label="To">{data.to}</Fact>
          <Fact label="Template">{templateLabels[data.template]}</Fact>
          <Fact label="Status">
            <EmailStatusBadge status={data.status} />
          </Fact>
          <Fact label="Attempts">{data.attempts}</Fact>
          <Fact label="Written">
            <time dateTime={data.createdAt}>{formatDateTime(data.createdAt)}</time>
          </Fact>
          <Fact label="Sent">{formatDateTime(data.sentAt)}</Fact>
          <Fact label="Customer">
            {data.customerId ? (
              <Anchor component={Link} to={`/customers/${data.customerId}`} size="sm">
                Open customer
              </Anchor>
            ) : (
              '—'
            )}
          </Fact>
          <Fact label="Site">{site?.name ?? '—'}</Fact>
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
    </Stack>
  );
}
