import { Table } from '@mantine/core';
import { type ReactNode, useEffect, useRef, useState } from 'react';

interface ScrollableTableProps {
  /** Names the scrolling region for screen readers (usually the table's own name). */
  label: string;
  minWidth: number;
  children: ReactNode;
}

/**
 * A table that scrolls sideways when its column is narrower than `minWidth`. While it does, the
 * scrolling region takes keyboard focus, so the hidden columns can be reached with the arrow
 * keys by someone who uses no mouse (WCAG 2.1.1); when everything fits it adds no tab stop.
 */
export function ScrollableTable({ label, minWidth, children }: ScrollableTableProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [overflowing, setOverflowing] = useState(false);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setOverflowing(element.scrollWidth > element.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  return (
    <Table.ScrollContainer
      ref={ref}
      minWidth={minWidth}
      type="native"
      // Relative: holds visually hidden text, which would otherwise widen the page.
      pos="relative"
      {...(overflowing ? { tabIndex: 0, role: 'region', 'aria-label': label } : {})}
    >
      {children}
    </Table.ScrollContainer>
  );
}
