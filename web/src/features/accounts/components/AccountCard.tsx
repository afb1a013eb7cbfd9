import { Alert, Anchor, Badge, Box, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link } from 'react-router';
import { Icon, type IconName } from '@/components/Icon';
import { useHasFeature } from '@/features/auth/hooks/useFeatures';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import type { Customer } from '@/features/customers/api/types';
import { YesNoBadge } from '@/features/customers/components/YesNoBadge';
import { RecordFact } from '@/features/record-page/components/RecordFact';
import { formatCount, formatDate, formatDateTime } from '@/lib/format';
import { useAccountAction } from '../hooks/useAccountAction';
import { type AccountAction, accountActionOrder, accountActions } from '../lib/account-actions';
import { DisableCustomerModal } from './DisableCustomerModal';

const actionLooks: Record<AccountAction, { icon: IconName; color?: string }> = {
  unlock: { icon: 'lockOpen' },
  disable: { icon: 'ban', color: 'red' },
  enable: { icon: 'circleCheck' },
  passwordReset: { icon: 'send' },
  invite: { icon: 'userPlus' },
};

const when = (iso: string | null, never: string) =>
  iso ? <time dateTime={iso}>{formatDateTime(iso)}</time> : never;

/** The facts of a registered customer's sign-in account. */
function AccountFacts({ account }: { account: NonNullable<Customer['account']> }) {
  return (
    <Box
      component="dl"
      m={0}
      style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))', gap: 16 }}
      data-testid="account-facts"
    >
      <RecordFact label="Username" wide>
        {account.username}
      </RecordFact>
      <RecordFact label="Password">
        {account.hasPassword
          ? `Set${account.passwordChangedAt ? ` ${formatDate(account.passwordChangedAt)}` : ''}`
          : 'Not set yet'}
      </RecordFact>
      <RecordFact label="Email">
        {account.emailVerifiedAt ? `Verified ${formatDate(account.emailVerifiedAt)}` : 'Not verified'}
      </RecordFact>
      <RecordFact label="Last sign-in">{when(account.lastSignInAt, 'Never')}</RecordFact>
      <RecordFact label="Failed sign-ins">{formatCount(account.failedSignIns)}</RecordFact>
      <RecordFact label="Lockouts">{formatCount(account.lockouts)}</RecordFact>
      <RecordFact label="Locked until">
        {account.locked ? (
          <Text span inherit c="red" data-testid="locked-until">
            {when(account.lockedUntil, 'Further notice')}
          </Text>
        ) : (
          'Not locked'
        )}
      </RecordFact>
    </Box>
  );
}

function GuestFacts({ customer }: { customer: Customer }) {
  return (
    <Stack gap={4}>
      <Text size="sm">A guest: this customer has no sign-in account.</Text>
      {customer.registeredCustomerId ? (
        <Text size="sm">
          Their email has since registered; the{' '}
          <Anchor component={Link} to={`/customers/${customer.registeredCustomerId}`} inherit>
            registered customer
          </Anchor>{' '}
          took over their history.
        </Text>
      ) : (
        customer.email && (
          <Text size="sm" c="dimmed">
            Invite them to set a password and they become a registered customer.
          </Text>
        )
      )}
    </Stack>
  );
}

/**
 * The customer's account on their page: registered or guest, the sign-in facts (lock, failed
 * sign-ins, last sign-in, password, verified email), why they are disabled, and the account
 * actions their state and the admin's role allow.
 */
export function AccountCard({ customer }: { customer: Customer }) {
  const action = useAccountAction();
  const hasRole = useHasRole();
  const hasFeature = useHasFeature();
  const [disableOpened, disableDialog] = useDisclosure(false);
  const { account } = customer;
  const actions = accountActionOrder.filter(
    (name) =>
      accountActions[name].appliesTo(customer) &&
      hasRole(accountActions[name].role) &&
      hasFeature(accountActions[name].needsShopperSignIn ? 'shopperSignIn' : undefined),
  );

  return (
    <Paper withBorder radius="md" p="lg" shadow="xs" component="section" aria-labelledby="account-title">
      <Group justify="space-between" mb="md" gap="xs">
        <Title order={2} size="h4" id="account-title">
          Account
        </Title>
        <Group gap={6}>
          <YesNoBadge value={account !== null} yes="Registered" no="Guest" />
          {account?.locked && (
            <Badge size="sm" radius="sm" variant="light" color="red" c="red" tt="none">
              Locked
            </Badge>
          )}
          {!customer.enabled && (
            <Badge size="sm" radius="sm" variant="light" color="gray" c="gray.9" tt="none">
              Disabled
            </Badge>
          )}
        </Group>
      </Group>

      <Stack gap="md">
        {account ? <AccountFacts account={account} /> : <GuestFacts customer={customer} />}
        {!customer.enabled && (
          <Alert color="gray" title="Disabled" icon={<Icon name="ban" />}>
            <Text size="sm" data-testid="disabled-reason">
              {account?.disabledReason ?? 'No reason was given.'}
            </Text>
          </Alert>
        )}
        {actions.length > 0 && (
          <Group gap="xs">
            {actions.map((name) => (
              <Button
                key={name}
                size="xs"
                variant="default"
                c={actionLooks[name].color === 'red' ? 'red' : undefined}
                leftSection={<Icon name={actionLooks[name].icon} size={14} />}
                loading={action.isPending && action.variables?.action === name}
                disabled={action.isPending && action.variables?.action !== name}
                onClick={() =>
                  name === 'disable' ? disableDialog.open() : action.mutate({ action: name, customer })
                }
              >
                {accountActions[name].label}
              </Button>
            ))}
          </Group>
        )}
      </Stack>
      <DisableCustomerModal opened={disableOpened} customer={customer} onClose={disableDialog.close} />
    </Paper>
  );
}
