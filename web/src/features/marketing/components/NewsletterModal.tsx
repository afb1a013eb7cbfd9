import { Alert, Button, Checkbox, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { FieldErrors } from '@/api/field-errors';
import { CodeNameFields, type CodeNameValues } from '@/features/groups/components/CodeNameFields';
import { codeNameInput, definitionSaveHandlers } from '@/features/groups/lib/definition-save';
import { useSites } from '@/features/sites/hooks/useSites';
import { formatTotal } from '@/lib/format';
import { notifyError, notifySuccess } from '@/lib/notify';
import type { Newsletter } from '../api/types';
import { useDeleteNewsletter } from '../hooks/useDeleteNewsletter';
import { useSaveNewsletter } from '../hooks/useSaveNewsletter';

interface NewsletterModalProps {
  /** The newsletter to change, or null to create one. */
  newsletter: Newsletter | null;
  onClose: () => void;
}

const knownFields = ['siteId', 'code', 'name', 'description', 'doubleOptIn', 'isDefault'] as const;

/** Creates, changes or deletes a newsletter; its site is chosen once, when it is created. */
export function NewsletterModal({ newsletter, onClose }: NewsletterModalProps) {
  const save = useSaveNewsletter();
  const del = useDeleteNewsletter();
  const busy = save.isPending || del.isPending;
  const sites = useSites();
  const onlySite = sites.data?.length === 1 ? sites.data[0]?.id : undefined;
  const [siteId, setSiteId] = useState<string | null>(newsletter?.siteId ?? null);
  const [values, setValues] = useState<CodeNameValues>({
    code: newsletter?.code ?? '',
    name: newsletter?.name ?? '',
    description: newsletter?.description ?? '',
  });
  // New lists default to double opt-in: it is what lets a store prove the address's owner agreed.
  const [doubleOptIn, setDoubleOptIn] = useState(newsletter?.doubleOptIn ?? true);
  const [isDefault, setIsDefault] = useState(newsletter?.isDefault ?? false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [confirmDelete, setConfirmDelete] = useState(false);
  const title = newsletter ? `Edit newsletter ${newsletter.code}` : 'New newsletter';
  const chosenSite = siteId ?? onlySite ?? null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    if (!newsletter && !chosenSite) return setErrors({ siteId: 'Choose the site it belongs to' });
    const fields = { ...codeNameInput(values), doubleOptIn, isDefault };
    const handlers = definitionSaveHandlers({ isNew: !newsletter, knownFields, onClose, setErrors });
    if (newsletter) save.mutate({ kind: 'update', id: newsletter.id, patch: fields }, handlers);
    else save.mutate({ kind: 'create', input: { ...fields, siteId: chosenSite ?? '' } }, handlers);
  };

  const remove = () => {
    if (!newsletter) return;
    del.mutate(newsletter.id, {
      onSuccess: () => {
        notifySuccess(`${newsletter.name} was deleted.`);
        onClose();
      },
      onError: (error) => notifyError(error),
    });
  };

  return (
    <Modal opened onClose={onClose} title={title} centered>
      {/* noValidate: the server's field errors show under the fields, not the browser's bubbles. */}
      <form onSubmit={submit} aria-label={title} noValidate>
        <Stack gap="md">
          <Select
            label="Site"
            description={newsletter ? 'A newsletter stays on its site' : 'Where shoppers can sign up to it'}
            withAsterisk={!newsletter}
            placeholder="Choose a site"
            data={(sites.data ?? []).map((site) => ({
              value: site.id,
              label: `${site.name} (${site.code})`,
            }))}
            value={chosenSite}
            onChange={(value) => {
              setSiteId(value);
              setErrors({});
            }}
            disabled={newsletter !== null}
            error={errors.siteId}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <CodeNameFields values={values} onChange={setValues} errors={errors} codeExample="weekly-deals" />
          <Checkbox
            label="Double opt-in"
            description="Storefront sign-ups must confirm by a link in an email before they are subscribed"
            checked={doubleOptIn}
            error={errors.doubleOptIn}
            onChange={(event) => setDoubleOptIn(event.currentTarget.checked)}
          />
          <Checkbox
            label="The site's default newsletter"
            description="Registration and checkout sign shoppers up to it when they accept marketing"
            checked={isDefault}
            error={errors.isDefault}
            onChange={(event) => setIsDefault(event.currentTarget.checked)}
          />
          {newsletter && confirmDelete && (
            <Alert color="red" title="Delete this newsletter?">
              <Text size="sm">
                It leaves every customer's Marketing tab. {formatTotal(newsletter.subscriberCount, 'contact')}{' '}
                subscribed to it now.
              </Text>
            </Alert>
          )}
          <Group justify="space-between">
            <Group>
              {newsletter && !confirmDelete && (
                <Button variant="subtle" color="red" onClick={() => setConfirmDelete(true)}>
                  Delete…
                </Button>
              )}
              {newsletter && confirmDelete && (
                <Button color="red" onClick={remove} loading={del.isPending}>
                  Delete newsletter
                </Button>
              )}
            </Group>
            <Group>
              <Button variant="default" onClick={onClose} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending}>
                {newsletter ? 'Save newsletter' : 'Create newsletter'}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
