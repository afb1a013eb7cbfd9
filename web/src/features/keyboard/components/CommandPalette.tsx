import { Box, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useId } from '@mantine/hooks';
import { type KeyboardEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { Icon, type IconName } from '@/components/Icon';
import { customerDisplayName } from '@/features/customers/lib/display-name';
import { useNavSections } from '@/features/layout/hooks/useNavSections';
import { useCustomerJump } from '../hooks/useCustomerJump';
import classes from './CommandPalette.module.css';

interface CommandPaletteProps {
  opened: boolean;
  onClose: () => void;
}

interface Choice {
  key: string;
  group: 'Pages' | 'Customers';
  label: string;
  detail?: string;
  icon: IconName;
  to: string;
}

/**
 * Ctrl/⌘+K: jump to a customer by name or email, or to a page, without the mouse. A combobox
 * over one listbox (ARIA 1.2 pattern): the focus stays in the box, the arrows move the active
 * option (aria-activedescendant), Enter opens it, Esc closes.
 */
export function CommandPalette({ opened, onClose }: CommandPaletteProps) {
  const navigate = useNavigate();
  const listId = useId();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [wasOpened, setWasOpened] = useState(opened);
  // Every opening starts with an empty box.
  if (opened !== wasOpened) {
    setWasOpened(opened);
    if (opened) {
      setText('');
      setActive(0);
    }
  }

  const sections = useNavSections();
  const { customers, searching, failed } = useCustomerJump(opened ? text : '');
  const wanted = text.trim().toLocaleLowerCase();
  const choices: Choice[] = [
    ...sections
      .filter((section) => section.label.toLocaleLowerCase().includes(wanted))
      .map((section) => ({
        key: `page:${section.to}`,
        group: 'Pages' as const,
        label: section.label,
        icon: section.icon,
        to: section.to,
      })),
    ...customers.map((customer) => {
      const label = customerDisplayName(customer);
      return {
        key: `customer:${customer.id}`,
        group: 'Customers' as const,
        label,
        detail: customer.email && customer.email !== label ? customer.email : undefined,
        icon: 'users' as const,
        to: `/customers/${encodeURIComponent(customer.id)}`,
      };
    }),
  ];
  const current = Math.min(active, choices.length - 1);
  const optionId = (index: number) => `${listId}-option-${index}`;

  const choose = (choice: Choice | undefined) => {
    if (!choice) return;
    onClose();
    navigate(choice.to);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (choices.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + choices.length) % choices.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(choices[current]);
    }
  };

  const status = failed
    ? 'Customers could not be searched; check the connection and type again.'
    : searching
      ? 'Searching customers…'
      : wanted && choices.length === 0
        ? 'Nothing matches. Try part of a name or an email address.'
        : '';

  const renderGroup = (group: Choice['group']) => {
    const members = choices
      .map((choice, index) => ({ choice, index }))
      .filter((c) => c.choice.group === group);
    if (members.length === 0) return null;
    return (
      // biome-ignore lint/a11y/useSemanticElements: an option group of a listbox; a fieldset groups form fields
      <div role="group" aria-label={group}>
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" pt="xs" pb={4} aria-hidden="true">
          {group}
        </Text>
        {members.map(({ choice, index }) => (
          <UnstyledButton
            key={choice.key}
            component="div"
            role="option"
            id={optionId(index)}
            aria-selected={index === current}
            className={classes.option}
            // The focus stays in the box: a click must not take it.
            onMouseDown={(event) => event.preventDefault()}
            onMouseMove={() => setActive(index)}
            onClick={() => choose(choice)}
          >
            <Icon name={choice.icon} size={18} />
            <Box style={{ minWidth: 0 }}>
              <Text size="sm" fw={500} truncate>
                {choice.label}
              </Text>
              {choice.detail && (
                <Text size="xs" c="dimmed" truncate>
                  {choice.detail}
                </Text>
              )}
            </Box>
          </UnstyledButton>
        ))}
      </div>
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Go to" size="lg" yOffset="12vh">
      <Stack gap="xs">
        <TextInput
          data-autofocus
          role="combobox"
          aria-label="Customer name or email, or a page"
          aria-expanded={choices.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={choices.length > 0 ? optionId(current) : undefined}
          placeholder="Customer name or email, or a page"
          leftSection={<Icon name="search" size={16} />}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          autoComplete="off"
          spellCheck={false}
        />
        <Text size="sm" c="dimmed" role="status" mih="1.25rem">
          {status}
        </Text>
        <div id={listId} role="listbox" aria-label="Customers and pages" className={classes.list}>
          {renderGroup('Pages')}
          {renderGroup('Customers')}
        </div>
      </Stack>
    </Modal>
  );
}
