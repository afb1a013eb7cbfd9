import { Checkbox, Table } from '@mantine/core';
import { type KeyboardEvent, memo, type SyntheticEvent } from 'react';
import type { RecordColumn, RowAction } from '../types';
import classes from './RecordTable.module.css';
import { RowActionsMenu } from './RowActionsMenu';

/** What a row does, passed once per grid (stable), so a row re-renders only when its own data changes. */
export interface RowHandlers<Row> {
  open: (row: Row) => void;
  keyDown: (event: KeyboardEvent<HTMLTableRowElement>, index: number, row: Row) => void;
  focused: (index: number | null) => void;
  toggle: (id: string) => void;
  label: (row: Row) => string;
}

interface RecordTableRowProps<Row> {
  row: Row;
  id: string;
  index: number;
  columns: readonly RecordColumn<Row>[];
  opens: boolean;
  /** Undefined when the grid has no row checkboxes. */
  selected: boolean | undefined;
  rowActions: readonly RowAction<Row>[] | undefined;
  handlers: RowHandlers<Row>;
  measure: (element: Element | null) => void;
}

const stopPropagation = (event: SyntheticEvent) => event.stopPropagation();

function RecordTableRowInner<Row>({
  row,
  id,
  index,
  columns,
  opens,
  selected,
  rowActions,
  handlers,
  measure,
}: RecordTableRowProps<Row>) {
  return (
    <Table.Tr
      ref={measure}
      data-index={index}
      data-row-id={id}
      aria-rowindex={index + 2}
      className={opens ? classes.row : undefined}
      // Rows are focusable so the grid can be walked with Tab/arrows/j/k and opened with Enter.
      tabIndex={opens ? 0 : undefined}
      onFocus={(event) => {
        if (event.target === event.currentTarget) handlers.focused(index);
      }}
      onBlur={(event) => {
        if (event.target === event.currentTarget) handlers.focused(null);
      }}
      onClick={opens ? () => handlers.open(row) : undefined}
      onKeyDown={opens ? (event) => handlers.keyDown(event, index, row) : undefined}
    >
      {selected !== undefined && (
        <Table.Td className={classes.selectCell} onClick={stopPropagation} onKeyDown={stopPropagation}>
          <Checkbox
            aria-label={`Select ${handlers.label(row)}`}
            checked={selected}
            onChange={() => handlers.toggle(id)}
          />
        </Table.Td>
      )}
      {columns.map((column) => (
        <Table.Td key={column.id} className={classes.cell} data-column={column.id} ta={column.align}>
          {column.cell(row)}
        </Table.Td>
      ))}
      {rowActions && (
        // Clicks and keys inside the menu (rendered in a portal) still bubble through React to the row.
        <Table.Td className={classes.actionsCell} onClick={stopPropagation} onKeyDown={stopPropagation}>
          <RowActionsMenu row={row} label={handlers.label(row)} actions={rowActions} />
        </Table.Td>
      )}
    </Table.Tr>
  );
}

/**
 * One row of the record grid. Memoised: loading the next page or scrolling redraws only the rows
 * that come into view, not every row on screen.
 */
export const RecordTableRow = memo(RecordTableRowInner) as typeof RecordTableRowInner;
