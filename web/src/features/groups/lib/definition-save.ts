import { isApiError } from '@/api/client';
import { type FieldErrors, splitProblem } from '@/api/field-errors';
import { notifyError, notifySuccess } from '@/lib/notify';

interface DefinitionSaveOptions {
  /** Whether the save creates the definition (the notice says "created", else "saved"). */
  isNew: boolean;
  /** The form's fields, which a problem's errors are placed under. */
  knownFields: readonly string[];
  onClose: () => void;
  setErrors: (errors: FieldErrors) => void;
}

/**
 * The `mutate` callbacks a group's or a role's modal saves with. A 409 is a taken code, so its
 * detail goes under Code when the problem names no field; what no field can show goes to a notice.
 */
export function definitionSaveHandlers({ isNew, knownFields, onClose, setErrors }: DefinitionSaveOptions) {
  return {
    onSuccess: (saved: { name: string }) => {
      notifySuccess(isNew ? `${saved.name} was created.` : `${saved.name} was saved.`);
      onClose();
    },
    onError: (error: unknown) => {
      if (!isApiError(error) || ![400, 409].includes(error.status)) return notifyError(error);
      const { fields, other } = splitProblem(error, knownFields);
      if (error.status === 409 && !fields.code) fields.code = error.detail;
      setErrors(fields);
      if (other.length > 0 || Object.keys(fields).length === 0) notifyError(error, other);
    },
  };
}

/** The code, name and description as the API takes them: trimmed, an empty description as null. */
export function codeNameInput(values: { code: string; name: string; description: string }) {
  return {
    code: values.code.trim(),
    name: values.name.trim(),
    description: values.description.trim() || null,
  };
}
