import { useMemo } from 'react';
import { useAttributes } from '@/features/attributes/hooks/useAttributes';
import { useHasFeature } from '@/features/auth/hooks/useFeatures';
import { CONSENT_FIELD, CORE_FIELDS, type FieldKind, type FilterField, GROUP_FIELD } from '../lib/fields';

const ATTRIBUTE_KINDS: Record<string, FieldKind> = {
  text: 'text',
  number: 'number',
  date: 'date',
  boolean: 'boolean',
  enum: 'enum',
  multiEnum: 'enum',
};

/**
 * Every field the customer filter can name for this tenant: its own fields and order metrics, its
 * custom attributes, and what the enabled modules add (groups, marketing consent).
 */
export function useFilterFields(): FilterField[] {
  const { data: definitions } = useAttributes();
  const hasFeature = useHasFeature();
  const groups = hasFeature({ module: 'groups' });
  const marketing = hasFeature({ module: 'marketing' });
  return useMemo(() => {
    const custom: FilterField[] = (definitions ?? []).map((definition) => ({
      attr: `attributes.${definition.code}`,
      label: definition.label,
      kind: ATTRIBUTE_KINDS[definition.type] ?? 'text',
      section: 'Custom attributes',
      options: definition.options.map((option) => ({ value: option.value, label: option.label })),
    }));
    return [
      ...CORE_FIELDS,
      ...(groups ? [GROUP_FIELD] : []),
      ...(marketing ? [CONSENT_FIELD] : []),
      ...custom,
    ];
  }, [definitions, groups, marketing]);
}
