import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

interface RecordFactProps {
  label: string;
  children: ReactNode;
  /** Spans every column of the grid around it (a long value such as a username). */
  wide?: boolean;
}

/**
 * One labelled value of a record page's summary, as a term and its description: the parent is
 * a `<dl>` (usually a grid). Long values such as email addresses wrap instead of overflowing.
 */
export function RecordFact({ label, children, wide = false }: RecordFactProps) {
  return (
    <div style={wide ? { gridColumn: '1 / -1' } : undefined}>
      <Text component="dt" size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text component="dd" size="sm" fw={500} m={0} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}
