import { DomainError } from '../../lib/errors.js';

export const noteErrors = {
  notFound: () => new DomainError('not_found', 'note.not_found', 'This customer has no note with this id.'),
  /** Only the note's author, or an admin (admin or owner role), changes or deletes a note. */
  notAuthor: () =>
    new DomainError(
      'forbidden',
      'note.not_author',
      'Only the author of a note, or an admin, may change or delete it.',
    ),
};
