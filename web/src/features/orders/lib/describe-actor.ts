const phrases: Record<string, string> = {
  apiKey: 'an API key',
  shopper: 'the customer',
  storefront: 'the storefront',
};

/**
 * Who made a change, as an admin reads it: "you", "an admin", "an API key", "the system";
 * `capitalized` for the start of a sentence or a cell of its own.
 */
export function describeActor(
  actor: { type: string; id: string },
  myId: string | undefined,
  { capitalized = false }: { capitalized?: boolean } = {},
): string {
  let phrase: string;
  if (actor.type === 'admin') phrase = actor.id === myId ? 'you' : 'an admin';
  else phrase = phrases[actor.type] ?? 'the system';
  return capitalized ? phrase.charAt(0).toUpperCase() + phrase.slice(1) : phrase;
}
