import {
  type MantineColorScheme,
  SegmentedControl,
  Tooltip,
  useMantineColorScheme,
  VisuallyHidden,
} from '@mantine/core';
import { Icon, type IconName } from '@/components/Icon';

const schemes: { value: MantineColorScheme; label: string; icon: IconName }[] = [
  { value: 'light', label: 'Light', icon: 'sun' },
  { value: 'dark', label: 'Dark', icon: 'moon' },
  { value: 'auto', label: 'System', icon: 'deviceDesktop' },
];

/**
 * Light, dark or the system's setting (the default). Mantine keeps the choice in localStorage
 * and follows `prefers-color-scheme` while it is "System".
 */
export function ColorSchemeSwitch() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <SegmentedControl
      size="xs"
      aria-label="Colour scheme"
      value={colorScheme}
      onChange={(value) => setColorScheme(value as MantineColorScheme)}
      data={schemes.map((scheme) => ({
        value: scheme.value,
        label: (
          <Tooltip label={scheme.label} openDelay={300}>
            <span style={{ display: 'flex' }}>
              <Icon name={scheme.icon} size={16} />
              <VisuallyHidden>{scheme.label}</VisuallyHidden>
            </span>
          </Tooltip>
        ),
      }))}
    />
  );
}
