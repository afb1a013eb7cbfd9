import { notifications } from '@mantine/notifications';
import { describeError } from '@/api/field-errors';

/** Confirms a finished action in the corner of the screen. */
export function notifySuccess(message: string) {
  notifications.show({ color: 'teal', message, autoClose: 4000 });
}

/** Reports a failure that has no field to sit under. */
export function notifyError(error: unknown, extra: string[] = []) {
  const { title, message } = describeError(error);
  notifications.show({
    color: 'red',
    title,
    message: [message, ...extra].join(' '),
    autoClose: 8000,
  });
}
