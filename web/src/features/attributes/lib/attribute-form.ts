import type { Attribute, AttributeCreate, AttributePatch } from '../api/types';

export type AttributeType = Attribute['type'];

export const attributeTypes: { value: AttributeType; label: string }[] = [
  { value: 'text', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'date', label: 'Date' },
  { value: 'boolean', label: 'Yes / no' },
  { value: 'enum', label: 'One of a list' },
  { value: 'multiEnum', label: 'Several of a list' },
];

/** A definition as form state: numbers and options as the text typed. */
export interface AttributeFormValues {
  code: string;
  label: string;
  type: AttributeType;
  /** One option a line: `value` or `value | label`. */
  options: string;
  min: string;
  max: string;
  minLength: string;
  maxLength: string;
  pattern: string;
  required: boolean;
  shopperVisible: boolean;
  shopperEditable: boolean;
  indexed: boolean;
}

/** Where the API names each field of the form (JSON Pointers without the slash). */
export const attributeFormPaths = [
  'code',
  'label',
  'type',
  'options',
  'validation/min',
  'validation/max',
  'validation/minLength',
  'validation/maxLength',
  'validation/pattern',
  'required',
  'shopperVisible',
  'shopperEditable',
  'indexed',
] as const;

export const emptyAttributeForm: AttributeFormValues = {
  code: '',
  label: '',
  type: 'text',
  options: '',
  min: '',
  max: '',
  minLength: '',
  maxLength: '',
  pattern: '',
  required: false,
  shopperVisible: false,
  shopperEditable: false,
  indexed: false,
};

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

export function toAttributeFormValues(attribute: Attribute): AttributeFormValues {
  const { validation } = attribute;
  return {
    code: attribute.code,
    label: attribute.label,
    type: attribute.type,
    options: attribute.options
      .map((o) => (o.label === o.value ? o.value : `${o.value} | ${o.label}`))
      .join('\n'),
    min: text(validation.min),
    max: text(validation.max),
    minLength: text(validation.minLength),
    maxLength: text(validation.maxLength),
    pattern: text(validation.pattern),
    required: attribute.required,
    shopperVisible: attribute.shopperVisible,
    shopperEditable: attribute.shopperEditable,
    indexed: attribute.indexed,
  };
}

const withChoices = (type: AttributeType) => type === 'enum' || type === 'multiEnum';

function options(values: AttributeFormValues): Attribute['options'] {
  if (!withChoices(values.type)) return [];
  return values.options
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [value = '', ...label] = line.split('|');
      return { value: value.trim(), label: label.join('|').trim() || value.trim() };
    });
}

/** The rules that apply to the type; a number typed badly is sent as typed, for the API to name. */
function validation(values: AttributeFormValues): Attribute['validation'] {
  const out: Attribute['validation'] = {};
  const number = (value: string) => (Number.isFinite(Number(value)) ? Number(value) : value);
  if (values.type === 'number' || values.type === 'date') {
    const bound = values.type === 'number' ? number : (value: string) => value;
    if (values.min.trim()) out.min = bound(values.min.trim());
    if (values.max.trim()) out.max = bound(values.max.trim());
  }
  if (values.type === 'text') {
    if (values.minLength.trim()) out.minLength = Number(values.minLength);
    if (values.maxLength.trim()) out.maxLength = Number(values.maxLength);
    if (values.pattern.trim()) out.pattern = values.pattern.trim();
  }
  return out;
}

const flags = (values: AttributeFormValues) => ({
  required: values.required,
  shopperVisible: values.shopperVisible,
  shopperEditable: values.shopperVisible && values.shopperEditable,
  indexed: values.type !== 'multiEnum' && values.indexed,
});

export function toCreateInput(values: AttributeFormValues): AttributeCreate {
  return {
    code: values.code.trim(),
    label: values.label.trim(),
    type: values.type,
    ...(withChoices(values.type) ? { options: options(values) } : {}),
    validation: validation(values),
    ...flags(values),
  };
}

/** Everything but code and type, which never change. */
export function toPatch(values: AttributeFormValues): AttributePatch {
  return {
    label: values.label.trim(),
    ...(withChoices(values.type) ? { options: options(values) } : {}),
    validation: validation(values),
    ...flags(values),
  };
}
