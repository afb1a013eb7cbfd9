import {
  Button,
  Fieldset,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useRef, useState } from 'react';
import { isApiError } from '@/api/client';
import { type FieldErrors, splitProblemByPath } from '@/api/field-errors';
import { CountrySelect } from '@/components/CountrySelect';
import { UnsavedChangesDialog } from '@/components/UnsavedChangesDialog';
import { useFocusFirstError } from '@/hooks/useFocusFirstError';
import { useUnsavedChangesGuard } from '@/hooks/useUnsavedChangesGuard';
import { notifyError, notifySuccess } from '@/lib/notify';
import type { Site } from '../api/types';
import { useCustomerSets } from '../hooks/useCustomerSets';
import { useSaveSite } from '../hooks/useSaveSite';
import {
  diffSiteForm,
  numberFields,
  type SiteFormField,
  type SiteFormValues,
  siteFieldPaths,
  toSiteFormValues,
} from '../lib/site-form';

const fieldByPath = new Map(Object.entries(siteFieldPaths).map(([field, path]) => [path, field]));

interface SiteSettingsFormProps {
  site: Site;
  /** Viewers and support staff see the settings read-only. */
  readOnly: boolean;
}

/**
 * The site's name, customer set, currency, country and settings. Saving sends only what changed
 * (`PATCH`, settings merged field by field); problems appear under their fields.
 */
export function SiteSettingsForm({ site, readOnly }: SiteSettingsFormProps) {
  const save = useSaveSite();
  const sets = useCustomerSets();
  const [base, setBase] = useState(() => toSiteFormValues(site));
  const [values, setValues] = useState(base);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [seen, setSeen] = useState(site);
  const formRef = useRef<HTMLFormElement>(null);
  const revealFirstError = useFocusFirstError(formRef);

  const patch = diffSiteForm(base, values);
  const dirty = Object.keys(patch).length > 0;
  const guard = useUnsavedChangesGuard(dirty);

  // A newer version of the site (saved here or elsewhere) replaces an untouched form.
  if (site !== seen) {
    setSeen(site);
    if (!dirty) {
      const fresh = toSiteFormValues(site);
      setBase(fresh);
      setValues(fresh);
    }
  }

  const set = <K extends SiteFormField>(field: K, value: SiteFormValues[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => (current[field] ? { ...current, [field]: undefined } : current));
  };

  const numberInput = (field: (typeof numberFields)[number]) => ({
    value: values[field],
    error: errors[field],
    onChange: (value: number | string) => set(field, typeof value === 'number' ? value : ''),
    allowDecimal: false,
    allowNegative: false,
    clampBehavior: 'none' as const,
    disabled: readOnly,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = numberFields.filter((field) => values[field] === '');
    if (missing.length > 0) {
      setErrors(Object.fromEntries(missing.map((field) => [field, 'Enter a whole number.'])));
      revealFirstError();
      return;
    }
    setErrors({});
    save.mutate(
      { kind: 'update', id: site.id, patch },
      {
        onSuccess: (saved) => {
          const fresh = toSiteFormValues(saved);
          setSeen(saved);
          setBase(fresh);
          setValues(fresh);
          notifySuccess(`${saved.name} was saved.`);
        },
        onError: (error) => {
          if (!isApiError(error) || error.status !== 400) return notifyError(error);
          const { fields, other } = splitProblemByPath(error, Object.values(siteFieldPaths));
          setErrors(
            Object.fromEntries(
              Object.entries(fields).map(([path, message]) => [fieldByPath.get(path) ?? path, message]),
            ),
          );
          revealFirstError();
          if (other.length > 0 || Object.keys(fields).length === 0) notifyError(error, other);
        },
      },
    );
  };

  return (
    <form ref={formRef} onSubmit={submit} aria-label="Site settings" noValidate>
      <Stack gap="lg">
        <Fieldset legend="Site" disabled={readOnly}>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput
                label="Name"
                description="Shown to admins and in emails"
                value={values.name}
                error={errors.name}
                onChange={(event) => set('name', event.currentTarget.value)}
              />
              <Select
                label="Customer set"
                description="Moving the site changes which shopper logins work on it"
                data={(sets.data ?? []).map((customerSet) => ({
                  value: customerSet.id,
                  label: customerSet.name,
                }))}
                value={values.customerSetId}
                error={errors.customerSetId}
                onChange={(id) => id && set('customerSetId', id)}
                allowDeselect={false}
                comboboxProps={{ withinPortal: true }}
              />
              <TextInput
                label="Currency"
                description="ISO 4217 code, e.g. EUR"
                maxLength={3}
                value={values.defaultCurrency}
                error={errors.defaultCurrency}
                onChange={(event) => set('defaultCurrency', event.currentTarget.value.toUpperCase())}
                autoComplete="off"
              />
              <CountrySelect
                label="Country"
                description="Default region for phone numbers"
                placeholder="None"
                clearable
                clearButtonProps={{ 'aria-label': 'Clear country' }}
                value={values.countryCode}
                error={errors.countryCode}
                onChange={(code) => set('countryCode', code)}
                comboboxProps={{ withinPortal: true }}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>

        <Fieldset legend="Checkout and registration" disabled={readOnly}>
          <Stack gap="md">
            <Switch
              label="Guest checkout"
              description="Shoppers may check out without an account"
              checked={values.guestCheckout}
              error={errors.guestCheckout}
              onChange={(event) => set('guestCheckout', event.currentTarget.checked)}
            />
            <Switch
              label="Automatic registration"
              description="Checkout without sign-in creates a registered customer and emails an invitation to set a password"
              checked={values.autoRegister}
              error={errors.autoRegister}
              onChange={(event) => set('autoRegister', event.currentTarget.checked)}
            />
            <Switch
              label="Company details required"
              description="Registration on this site requires a company name"
              checked={values.companyDetailsRequired}
              error={errors.companyDetailsRequired}
              onChange={(event) => set('companyDetailsRequired', event.currentTarget.checked)}
            />
            <NumberInput
              label="Abandoned cart after (hours)"
              description="A cart idle this long is abandoned; 1–8760"
              min={1}
              max={8760}
              maw={320}
              {...numberInput('abandonmentHours')}
            />
            <Switch
              label="Abandoned cart reminders"
              description="Send one reminder email per abandoned cart, to customers with an email address"
              checked={values.cartReminders}
              error={errors.cartReminders}
              onChange={(event) => set('cartReminders', event.currentTarget.checked)}
            />
          </Stack>
        </Fieldset>

        <Fieldset legend="Lockout after failed sign-ins" disabled={readOnly}>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            <NumberInput
              label="Failed sign-ins before a lock"
              description="Consecutive failures; 1–100"
              min={1}
              max={100}
              {...numberInput('maxFailures')}
            />
            <NumberInput
              label="First lock (minutes)"
              description="Doubles with each lockout; 1–1440"
              min={1}
              max={1440}
              {...numberInput('firstLockMinutes')}
            />
            <NumberInput
              label="Longest lock (minutes)"
              description="No lock lasts longer; 1–43200"
              min={1}
              max={43200}
              {...numberInput('maxLockMinutes')}
            />
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend="Emails" disabled={readOnly}>
          <TextInput
            label="Storefront URL"
            description="Base of the links in emails (password reset, invitation, email confirmation, cart reminder), e.g. https://shop.example.com"
            type="url"
            placeholder="https://shop.example.com"
            value={values.storefrontUrl}
            error={errors.storefrontUrl}
            onChange={(event) => set('storefrontUrl', event.currentTarget.value)}
          />
        </Fieldset>

        {!readOnly && (
          <Group justify="flex-end">
            <Button
              variant="default"
              disabled={!dirty || save.isPending}
              onClick={() => {
                setValues(base);
                setErrors({});
              }}
            >
              Discard changes
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!dirty}>
              Save
            </Button>
          </Group>
        )}
      </Stack>
      <UnsavedChangesDialog blocker={guard.blocker} />
    </form>
  );
}
