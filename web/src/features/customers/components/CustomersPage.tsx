import { Box, Button, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useCallback, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { isApiError } from '@/api/client';
import { Icon } from '@/components/Icon';
import { DisableCustomerModal } from '@/features/accounts/components/DisableCustomerModal';
import { useAccountRowActions } from '@/features/accounts/hooks/useAccountRowActions';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import type { BulkAction, BulkSelection } from '@/features/bulk/api/types';
import { BulkActionModal } from '@/features/bulk/components/BulkActionModal';
import { BulkBar } from '@/features/bulk/components/BulkBar';
import { useBulkSelection } from '@/features/bulk/hooks/useBulkSelection';
import { FilterBuilder } from '@/features/filter-builder/components/FilterBuilder';
import { ExportModal } from '@/features/jobs/components/ExportModal';
import { RecordListHeader } from '@/features/record-page/components/RecordListHeader';
import { ColumnChooser } from '@/features/record-table/components/ColumnChooser';
import { RecordSearchInput } from '@/features/record-table/components/RecordSearchInput';
import { RecordTable } from '@/features/record-table/components/RecordTable';
import { useRecordTableView } from '@/features/record-table/hooks/useRecordTableView';
import { useUrlParams } from '@/features/record-table/hooks/useUrlParams';
import { formatSort, type RowAction, type SortState } from '@/features/record-table/types';
import { SegmentViewBanner } from '@/features/segments/components/SegmentViewBanner';
import { ViewTabs } from '@/features/views/components/ViewTabs';
import { notifySuccess } from '@/lib/notify';
import type { Customer } from '../api/types';
import { useCustomerColumns } from '../hooks/useCustomerColumns';
import { useCustomerList } from '../hooks/useCustomerList';
import { customerDisplayName } from '../lib/display-name';
import { splitFilter, withQuickTerm, withTypedText } from '../lib/quick-filters';
import { CustomerCard } from './CustomerCard';
import { CustomersEmptyState } from './CustomersEmptyState';
import { QuickFilters } from './QuickFilters';
import { RemoveCustomerModal } from './RemoveCustomerModal';

const DEFAULT_SORT: SortState = { id: 'lastName', desc: false };
const FILTER_EXAMPLE = 'isRegistered eq true and countryCode eq "US"';
// The live URL's filter: two quick changes before a re-render must both be kept.
const filterLatest = () => new URLSearchParams(window.location.search).get('filter') ?? '';

/** The Customers grid: search, filter, sort, columns and paging, all reflected in the URL. */
export function CustomersPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const columns = useCustomerColumns();
  const view = useRecordTableView({
    storageKey: 'clientele.customers.columns',
    columns,
    defaultSort: DEFAULT_SORT,
  });
  // A segment opened as a view (`segment=` in the URL, from the Segments page) narrows the grid.
  const [params, updateParams] = useUrlParams();
  const segment = params.get('segment') || undefined;
  const { list, searching, loadMore } = useCustomerList({
    q: view.q,
    filter: view.filter,
    sort: formatSort(view.sort),
    segment,
  });
  // The quick filters' terms and the typed text share the one `filter` parameter.
  const { typed, quick } = useMemo(() => splitFilter(view.filter), [view.filter]);
  const { setFilter } = view;
  const setQuick = useCallback(
    (attribute: string, term: Parameters<typeof withQuickTerm>[2]) =>
      setFilter(withQuickTerm(filterLatest(), attribute, term)),
    [setFilter],
  );
  const setTyped = useCallback((text: string) => setFilter(withTypedText(filterLatest(), text)), [setFilter]);
  const [removeTarget, setRemoveTarget] = useState<Customer | null>(null);
  const [confirmOpen, confirm] = useDisclosure(false);
  const [disableTarget, setDisableTarget] = useState<Customer | null>(null);
  const [disableOpen, { open: showDisable, close: closeDisable }] = useDisclosure(false);
  const openDisable = useCallback(
    (customer: Customer) => {
      setDisableTarget(customer);
      showDisable();
    },
    [showDisable],
  );
  const accountRowActions = useAccountRowActions(openDisable);
  const canExport = useHasRole()('admin');
  const [exportOpen, exportModal] = useDisclosure(false);

  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.data), [list.data]);
  const firstPage = list.data?.pages[0];
  // Ticked rows, or every customer of this view ("Select all N matching"), for bulk actions.
  const selected = useBulkSelection(JSON.stringify([view.q, view.filter, segment ?? '']));
  const [bulkAction, setBulkAction] = useState<BulkAction | null>(null);
  const bulkSelection = useMemo<BulkSelection>(
    () =>
      selected.all
        ? {
            ...(view.q.trim() ? { q: view.q.trim() } : {}),
            ...(view.filter.trim() ? { filter: view.filter.trim() } : {}),
            ...(segment ? { segmentId: segment } : {}),
          }
        : { ids: [...selected.ids] },
    [selected.all, selected.ids, view.q, view.filter, segment],
  );
  const allShownSelected = Boolean(rows?.length) && rows?.every((row) => selected.ids.has(row.id));
  const filterError =
    list.isError && view.filter && isApiError(list.error) && list.error.status === 400
      ? (list.error.detail ?? list.error.title)
      : null;

  const openCustomer = (customer: Customer) =>
    navigate(`/customers/${customer.id}`, { state: { gridSearch: location.search } });

  const rowActions = useMemo<RowAction<Customer>[]>(
    () => [
      {
        label: 'Edit',
        onSelect: (customer) =>
          navigate(`/customers/${customer.id}`, { state: { gridSearch: location.search } }),
      },
      ...accountRowActions,
      {
        label: 'Remove',
        color: 'red',
        onSelect: (customer) => {
          setRemoveTarget(customer);
          confirm.open();
        },
      },
    ],
    [navigate, location.search, confirm, accountRowActions],
  );

  const removed = (customer: Customer) => {
    confirm.close();
    notifySuccess(`${customerDisplayName(customer)} was removed.`);
  };
  const disableInstead = (customer: Customer) => {
    confirm.close();
    openDisable(customer);
  };

  // A filter the server rejected is explained under the filter field, not as a failed list.
  const blocked =
    filterError && !rows ? (
      <Text py="xl" ta="center" c="dimmed">
        Fix the filter expression to see customers.
      </Text>
    ) : null;

  return (
    <Stack gap="lg">
      <RecordListHeader
        title="Customers"
        noun="customer"
        list={list}
        count={firstPage?.total ?? rows?.length}
        countIsLowerBound={firstPage?.total !== undefined ? firstPage.totalIsLowerBound : list.hasNextPage}
        countIsEstimate={firstPage?.totalIsEstimate}
        problem={filterError && 'The filter expression is not valid'}
        countTestId="customers-total"
        actions={
          <Button component={Link} to="/customers/new" leftSection={<Icon name="plus" size={16} />}>
            New customer
          </Button>
        }
      />

      <Paper withBorder radius="md" shadow="xs">
        <ViewTabs />
        {segment && <SegmentViewBanner segmentId={segment} onClose={() => updateParams({ segment: null })} />}
        <Group p="sm" gap="sm" justify="space-between" wrap="wrap">
          <Group gap="sm" style={{ flex: '1 1 320px' }} wrap="nowrap" role="search" aria-label="Customers">
            <Box style={{ flex: 1, minWidth: 180 }} maw={440}>
              <RecordSearchInput
                label="Search customers"
                placeholder="Search name, email, company or phone"
                value={view.q}
                onChange={view.setQ}
              />
            </Box>
          </Group>
          <Group gap="sm">
            {canExport && (
              <Button variant="default" onClick={exportModal.open}>
                Export
              </Button>
            )}
            <ColumnChooser columns={columns} layout={view.columnLayout} onChange={view.changeColumnLayout} />
          </Group>
        </Group>
        <Box px="sm" pb="sm">
          <QuickFilters terms={quick} onChange={setQuick} />
        </Box>
        <Box px="sm" pb="sm" id="customers-filter">
          <FilterBuilder
            filter={view.filter}
            onChange={setFilter}
            expression={typed}
            onExpressionChange={setTyped}
            error={filterError}
            example={FILTER_EXAMPLE}
          />
        </Box>
        {searching && (
          <Group px="sm" pb="xs" gap="xs" role="status" data-testid="customers-searching">
            <Loader size="xs" />
            <Text size="sm" c="dimmed">
              Searching… {rows?.length ?? 0} found so far
            </Text>
          </Group>
        )}
        {(selected.all || selected.ids.size > 0) && (
          <BulkBar
            selectedCount={selected.ids.size}
            all={selected.all}
            matching={firstPage?.total}
            matchingIsLowerBound={Boolean(firstPage?.totalIsLowerBound)}
            matchingIsEstimate={Boolean(firstPage?.totalIsEstimate)}
            canSelectAll={Boolean(allShownSelected && list.hasNextPage)}
            onSelectAll={selected.selectAllMatching}
            onClear={selected.clear}
            onAction={setBulkAction}
          />
        )}
        <RecordTable
          label="Customers"
          data-testid="customers-table"
          columns={columns}
          visibleColumnIds={view.visibleColumnIds}
          columnLayout={view.columnLayout}
          rows={rows}
          getRowId={(customer) => customer.id}
          getRowLabel={customerDisplayName}
          sort={view.sort}
          onSortChange={view.setSort}
          onRowOpen={openCustomer}
          rowActions={rowActions}
          selection={selected.table}
          isRefreshing={list.isPlaceholderData}
          blocked={blocked}
          loadFailed={list.isError}
          empty={
            searching ? (
              <Text py="xl" ta="center" c="dimmed">
                Searching…
              </Text>
            ) : (
              <CustomersEmptyState
                searching={Boolean(view.q || view.filter)}
                onClearSearch={view.clearSearch}
              />
            )
          }
          hasMore={list.hasNextPage}
          isLoadingMore={list.isFetchingNextPage || searching}
          onLoadMore={loadMore}
          renderCard={(customer) => <CustomerCard customer={customer} />}
        />
      </Paper>

      <RemoveCustomerModal
        opened={confirmOpen}
        customer={removeTarget}
        onClose={confirm.close}
        onRemoved={removed}
        onDisable={disableInstead}
      />
      <DisableCustomerModal opened={disableOpen} customer={disableTarget} onClose={closeDisable} />
      <ExportModal
        opened={exportOpen}
        onClose={exportModal.close}
        view={{ q: view.q || undefined, filter: view.filter || undefined, segmentId: segment }}
      />
      <BulkActionModal
        action={bulkAction}
        selection={bulkSelection}
        onClose={() => setBulkAction(null)}
        onStarted={selected.clear}
      />
    </Stack>
  );
}
