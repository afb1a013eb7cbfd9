import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '@/api/client';
import { customerKeys } from '@/features/customers/api/customer-keys';
import type { Customer, CustomerWithAddresses } from '@/features/customers/api/types';
import { customerDisplayName } from '@/features/customers/lib/display-name';
import { notifyError, notifySuccess } from '@/lib/notify';
import {
  disableCustomer,
  enableCustomer,
  inviteCustomer,
  sendPasswordReset,
  unlockAccount,
} from '../api/accounts-api';
import type { AccountAction } from '../lib/account-actions';

export interface AccountActionVariables {
  action: AccountAction;
  customer: Customer;
  /** Required by `disable`. */
  reason?: string;
}

/** Calls the action; answers the customer as it is now, or null when the action does not change it. */
async function perform({
  action,
  customer,
  reason,
}: AccountActionVariables): Promise<CustomerWithAddresses | null> {
  switch (action) {
    case 'unlock':
      return unlockAccount(customer.id);
    case 'disable':
      return disableCustomer(customer.id, reason ?? '');
    case 'enable':
      return enableCustomer(customer.id);
    case 'passwordReset':
      await sendPasswordReset(customer.id);
      return null;
    case 'invite':
      return inviteCustomer(customer.id);
  }
}

function successMessage({ action, customer }: AccountActionVariables): string {
  const name = customerDisplayName(customer);
  switch (action) {
    case 'unlock':
      return `${name} was unlocked.`;
    case 'disable':
      return `${name} was disabled.`;
    case 'enable':
      return `${name} was enabled.`;
    case 'passwordReset':
      return `A password-reset email is on its way to ${customer.email ?? name}.`;
    case 'invite':
      return `An invitation is on its way to ${customer.email ?? name}.`;
  }
}

/** A refused reason is shown under the dialog's field, not in the corner. */
const isReasonProblem = (variables: AccountActionVariables, error: unknown) =>
  variables.action === 'disable' &&
  isApiError(error) &&
  error.errors.some((problem) => problem.path === '/reason');

/**
 * Runs an account action (unlock, disable, enable, password reset, invite), confirms it or shows
 * the server's explanation in a notification, and refreshes the grid rows, the customer and their
 * timeline.
 */
export function useAccountAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: perform,
    onSuccess: (customer, variables) => {
      notifySuccess(successMessage(variables));
      const id = variables.customer.id;
      // Only a customer page already open (or cached) takes the answer; a grid action leaves the
      // page to fetch its own when opened, so it also shows what changed since (e.g. a sign-in).
      if (customer)
        queryClient.setQueryData<CustomerWithAddresses>(customerKeys.detail(id), (current) =>
          current ? customer : current,
        );
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: customerKeys.lists() }),
        queryClient.invalidateQueries({
          queryKey: customer ? customerKeys.timeline(id) : customerKeys.detail(id),
        }),
      ]);
    },
    onError: (error, variables) => {
      if (!isReasonProblem(variables, error)) notifyError(error);
    },
  });
}
