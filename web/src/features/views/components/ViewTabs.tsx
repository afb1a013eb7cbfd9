import { Badge, Button, Group, ScrollArea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, useRef } from 'react';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { useUrlParams } from '@/features/record-table/hooks/useUrlParams';
import { notifyError, notifySuccess } from '@/lib/notify';
import type { SavedView } from '../api/types';
import { useSaveView } from '../hooks/useSaveView';
import { useViews } from '../hooks/useViews';
import {
  type GridUrlState,
  isEmptyState,
  sameState,
  stateFields,
  stateParams,
  urlState,
  viewState,
} from '../lib/view-state';
import { SaveViewModal } from './SaveViewModal';

const NO_STATE: GridUrlState = { q: '', filter: '', sort: '', cols: '', segment: '' };

/**
 * Saved views as tabs above the Customers grid. Choosing one puts its state in the URL (`view=`
 * names it); "Save view" appears when the URL's state differs from the chosen view's (or from the
 * plain grid), and your default view opens first when the grid is opened without a state.
 */
export function ViewTabs() {
  const [params, update] = useUrlParams();
  const views = useViews();
  const save = useSaveView();
  const hasRole = useHasRole();
  const [saveOpen, { open: openSave, close: closeSave }] = useDisclosure(false);

  const current = urlState(params);
  const chosenId = params.get('view');
  const chosen = views.data?.find((view) => view.id === chosenId) ?? null;
  const canEdit = (view: SavedView) => hasRole(view.shared ? 'admin' : 'support');
  const differs = chosen ? !sameState(current, viewState(chosen)) : !isEmptyState(current);

  const choose = (view: SavedView | null) =>
    update(
      view ? { ...stateParams(viewState(view)), view: view.id } : { ...stateParams(NO_STATE), view: null },
    );

  // The default view opens first, once, when the grid was opened without a state of its own.
  const openedDefault = useRef(false);
  useEffect(() => {
    if (openedDefault.current || !views.data) return;
    openedDefault.current = true;
    const initial = new URLSearchParams(window.location.search);
    if (initial.get('view') || !isEmptyState(urlState(initial))) return;
    const preferred = views.data.find((view) => view.isDefault);
    if (preferred) update({ ...stateParams(viewState(preferred)), view: preferred.id });
  }, [views.data, update]);

  const saveChosen = (view: SavedView) =>
    save.mutate(
      { kind: 'update', id: view.id, change: stateFields(current) },
      {
        onSuccess: () => notifySuccess(`View “${view.name}” saved.`),
        onError: (error) => notifyError(error),
      },
    );

  const makeDefault = (view: SavedView) =>
    save.mutate(
      { kind: 'default', id: view.id },
      {
        onSuccess: () => notifySuccess(`“${view.name}” now opens first.`),
        onError: (error) => notifyError(error),
      },
    );

  if (!views.data) return null;
  return (
    <Group px="sm" pt="sm" gap="xs" justify="space-between" wrap="nowrap">
      <ScrollArea type="auto" offsetScrollbars style={{ flex: 1 }}>
        <Group gap={4} wrap="nowrap" role="group" aria-label="Saved views" data-testid="view-tabs">
          <Button
            size="xs"
            variant={chosen ? 'subtle' : 'light'}
            aria-pressed={!chosen}
            onClick={() => choose(null)}
          >
            All customers
          </Button>
          {views.data.map((view) => (
            <Button
              key={view.id}
              size="xs"
              variant={chosen?.id === view.id ? 'light' : 'subtle'}
              aria-pressed={chosen?.id === view.id}
              onClick={() => choose(view)}
              rightSection={
                view.isDefault ? (
                  <Badge size="xs" variant="outline" aria-label="default view">
                    default
                  </Badge>
                ) : undefined
              }
            >
              {view.name}
            </Button>
          ))}
        </Group>
      </ScrollArea>
      <Group gap="xs" wrap="nowrap">
        {chosen && !chosen.isDefault && (
          <Button size="xs" variant="default" onClick={() => makeDefault(chosen)}>
            Open first
          </Button>
        )}
        {differs && chosen && canEdit(chosen) && (
          <Button size="xs" loading={save.isPending} onClick={() => saveChosen(chosen)}>
            Save view
          </Button>
        )}
        {differs && hasRole('support') && (
          <Button size="xs" variant={chosen && canEdit(chosen) ? 'default' : 'filled'} onClick={openSave}>
            {chosen && canEdit(chosen) ? 'Save as new view' : 'Save view'}
          </Button>
        )}
      </Group>
      <SaveViewModal
        opened={saveOpen}
        state={current}
        canShare={hasRole('admin')}
        onClose={closeSave}
        onSaved={(view) => {
          closeSave();
          update({ view: view.id });
          notifySuccess(`View “${view.name}” saved.`);
        }}
      />
    </Group>
  );
}
