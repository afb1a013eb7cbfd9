import { Button, Group, Stack } from '@mantine/core';
import { type FormEvent, useRef, useState } from 'react';
import { isApiError } from '@/api/client';
import { ConflictNotice } from '@/components/ConflictNotice';
import { UnsavedChangesDialog } from '@/components/UnsavedChangesDialog';
import { useAttributes } from '@/features/attributes/hooks/useAttributes';
import { useFocusFirstError } from '@/hooks/useFocusFirstError';
import { useUnsavedChangesGuard } from '@/hooks/useUnsavedChangesGuard';
import { notifySuccess } from '@/lib/notify';
import type { Customer } from '../api/types';
import { useCustomerFormState } from '../hooks/useCustomerFormState';
import { useUpdateCustomer } from '../hooks/useUpdateCustomer';
import {
  type CustomerFormValues,
  checkCustomerIdentity,
  conflictingChanges,
  diffCustomerForm,
  rebaseCustomerForm,
  reportCustomerFormError,
  sameCustomerForm,
  toCustomerFormValues,
} from '../lib/customer-form';
import { CustomerFields } from './CustomerFields';

interface CustomerDetailsFormProps {
  customer: Customer;
  /** Fetches the customer again (after a 412) and resolves with the fresh version. */
  onReload: () => Promise<Customer | undefined>;
}

/** A save someone else's save got ahead of: their version once it has been read again. */
interface Conflict {
  theirs: Customer | undefined;
}

/**
 * Edits the customer's fields and saves only what changed, with `If-Match` set to the version
 * the edit started from. Fresh server data replaces the form while it is untouched; while it is
 * being edited, only a newer etag for the same field values is adopted (e.g. after an address
 * change moved the customer's country), so a real concurrent edit still ends in a 412, which
 * shows both versions of the fields this edit changed and lets the user pick.
 */
export function CustomerDetailsForm({ customer, onReload }: CustomerDetailsFormProps) {
  const update = useUpdateCustomer(customer.id);
  const attributes = useAttributes();
  const form = useCustomerFormState(() => toCustomerFormValues(customer));
  const formRef = useRef<HTMLFormElement>(null);
  const revealFirstError = useFocusFirstError(formRef);
  const [baseline, setBaseline] = useState(customer);
  const [seen, setSeen] = useState(customer);
  const [conflict, setConflict] = useState<Conflict | null>(null);

  const baseValues = toCustomerFormValues(baseline);
  const dirty = !sameCustomerForm(baseValues, form.values);
  const guard = useUnsavedChangesGuard(dirty);

  if (customer !== seen) {
    setSeen(customer);
    if (!dirty) {
      setBaseline(customer);
      form.setValues(toCustomerFormValues(customer));
    } else if (sameCustomerForm(toCustomerFormValues(customer), baseValues)) {
      setBaseline(customer);
    }
  }

  const readTheirs = async () => {
    setConflict({ theirs: undefined });
    const theirs = await onReload();
    setConflict(theirs ? { theirs } : null);
  };

  const save = (from: Customer, values: CustomerFormValues) => {
    form.setErrors({});
    update.mutate(
      { etag: from.etag, input: diffCustomerForm(toCustomerFormValues(from), values) },
      {
        onSuccess: (saved) => {
          setBaseline(saved);
          form.setValues(toCustomerFormValues(saved));
          setConflict(null);
          notifySuccess('Customer saved.');
        },
        onError: (error) => {
          if (isApiError(error) && error.status === 412) {
            void readTheirs();
            return;
          }
          reportCustomerFormError(error, form.setErrors);
          revealFirstError();
        },
      },
    );
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = checkCustomerIdentity(form.values);
    if (Object.keys(missing).length > 0) {
      form.setErrors(missing);
      revealFirstError();
      return;
    }
    save(baseline, form.values);
  };

  const reloadTheirs = () => {
    if (!conflict?.theirs) return;
    setBaseline(conflict.theirs);
    setSeen(conflict.theirs);
    form.setValues(toCustomerFormValues(conflict.theirs));
    form.setErrors({});
    setConflict(null);
  };

  const keepMine = () => {
    if (!conflict?.theirs) return;
    const theirs = conflict.theirs;
    const merged = rebaseCustomerForm(baseValues, form.values, toCustomerFormValues(theirs));
    setBaseline(theirs);
    setSeen(theirs);
    form.setValues(merged);
    save(theirs, merged);
  };

  const discard = () => {
    form.setValues(baseValues);
    form.setErrors({});
  };

  const attributeLabel = (code: string) =>
    attributes.data?.find((attribute) => attribute.code === code)?.label ?? code;

  return (
    <form ref={formRef} onSubmit={submit} aria-label="Customer details" noValidate>
      <Stack gap="lg">
        {conflict && (
          <ConflictNotice
            title="Someone else changed this customer while you were editing"
            rows={
              conflict.theirs &&
              conflictingChanges(
                baseValues,
                form.values,
                toCustomerFormValues(conflict.theirs),
                attributeLabel,
              )
            }
            onReload={reloadTheirs}
            onKeepMine={keepMine}
            saving={update.isPending}
          />
        )}
        <CustomerFields
          values={form.values}
          errors={form.errors}
          onChange={form.setField}
          onAttributeChange={form.setAttribute}
          disabled={update.isPending}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={discard} disabled={!dirty || update.isPending}>
            Discard changes
          </Button>
          <Button type="submit" disabled={!dirty || conflict !== null} loading={update.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
      <UnsavedChangesDialog blocker={guard.blocker} />
    </form>
  );
}
