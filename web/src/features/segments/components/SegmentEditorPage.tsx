import { Button, Group, Paper, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmModal } from '@/components/ConfirmModal';
import { Icon } from '@/components/Icon';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { RecordPageShell } from '@/features/record-page/components/RecordPageShell';
import { formatDateTime } from '@/lib/format';
import { notifyError, notifySuccess } from '@/lib/notify';
import type { Segment } from '../api/types';
import { useSaveSegment } from '../hooks/useSaveSegment';
import { useSegment } from '../hooks/useSegment';
import { SegmentForm } from './SegmentForm';

const parent = { label: 'Segments', to: '/segments' };

/** A new segment (`/segments/new`) or an existing one (`/segments/:segmentId`), in the segment editor. */
export function SegmentEditorPage() {
  const { segmentId } = useParams();
  return segmentId ? <ExistingSegment id={segmentId} /> : <NewSegment />;
}

function NewSegment() {
  const navigate = useNavigate();
  const save = useSaveSegment();
  return (
    <RecordPageShell parent={parent} crumb="New segment" documentTitle="New segment" maw={880}>
      <div>
        <Title order={1}>New segment</Title>
        <Text c="dimmed" size="sm">
          A segment is whoever matches its filter at the time you look: the count below follows as you type.
        </Text>
      </div>
      <Paper withBorder radius="md" p="lg" shadow="xs">
        <SegmentForm
          saving={save.isPending}
          onSave={async (input) => {
            const segment = await save.mutateAsync({ kind: 'create', input });
            notifySuccess(`${input.name.trim()} was saved.`);
            if (segment) navigate(`/segments/${segment.id}`, { replace: true });
          }}
        />
      </Paper>
    </RecordPageShell>
  );
}

function ExistingSegment({ id }: { id: string }) {
  const segment = useSegment(id);
  const name = segment.data?.name ?? 'Segment';
  return (
    <RecordPageShell
      parent={parent}
      crumb={name}
      documentTitle={`${name} · Segments`}
      maw={880}
      query={segment}
      loadingLabel="Loading segment…"
      notFound={{ title: 'Segment not found', message: 'This segment does not exist, or was deleted.' }}
    >
      {(data) => <SegmentView segment={data} />}
    </RecordPageShell>
  );
}

function SegmentView({ segment }: { segment: Segment }) {
  const navigate = useNavigate();
  const save = useSaveSegment();
  const canEdit = useHasRole()('support');
  const [confirmOpen, confirm] = useDisclosure(false);
  const remove = async () => {
    await save.mutateAsync({ kind: 'delete', id: segment.id });
    notifySuccess(`${segment.name} was deleted.`);
    navigate('/segments', { replace: true });
  };
  return (
    <>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1}>{segment.name}</Title>
          <Text size="sm" c="dimmed">
            Updated {formatDateTime(segment.updatedAt)}
          </Text>
        </div>
        <Group gap="xs">
          <Button
            component={Link}
            to={`/customers?segment=${segment.id}`}
            variant="light"
            leftSection={<Icon name="users" size={16} />}
          >
            Open in customers
          </Button>
          {canEdit && (
            <Button variant="default" onClick={confirm.open} leftSection={<Icon name="trash" size={16} />}>
              Delete
            </Button>
          )}
        </Group>
      </Group>
      <Paper withBorder radius="md" p="lg" shadow="xs">
        <SegmentForm
          key={segment.updatedAt}
          segment={segment}
          readOnly={!canEdit}
          saving={save.isPending}
          onSave={async (change) => {
            await save.mutateAsync({ kind: 'update', id: segment.id, change });
            notifySuccess(`${change.name.trim()} was saved.`);
          }}
        />
      </Paper>
      <ConfirmModal
        opened={confirmOpen}
        onClose={confirm.close}
        title={`Delete ${segment.name}?`}
        confirmLabel="Delete segment"
        loading={save.isPending}
        onConfirm={() => void remove().catch((error) => notifyError(error))}
      >
        The saved filter goes; no customer changes.
      </ConfirmModal>
    </>
  );
}
