import { Center, Loader, VisuallyHidden } from '@mantine/core';

/** A centred spinner for a page whose data has not arrived yet. */
export function PageLoader({ label = 'Loading…' }: { label?: string }) {
  return (
    <Center mih={240} role="status">
      <Loader />
      <VisuallyHidden>{label}</VisuallyHidden>
    </Center>
  );
}

/**
 * A small spinner for one section of a page (its notes, its timeline). The words are for screen
 * readers as text: an aria-label on the spinner's span is not allowed (it has no role), and axe
 * reports it.
 */
export function SectionLoader({ label }: { label: string }) {
  return (
    <Center py="md" role="status">
      <Loader size="sm" aria-hidden="true" />
      <VisuallyHidden>{label}</VisuallyHidden>
    </Center>
  );
}
