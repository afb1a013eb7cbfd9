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
