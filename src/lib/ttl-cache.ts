/**
 * A value remembered for a moment, for a lookup made on every request (a credential, a site
 * key). Entries expire after `ttlMs`, or sooner when the caller says the value itself expires.
 * Past `max` entries the whole cache is dropped rather than evicting one by one: it refills in
 * `ttlMs`, and no caller can make it hold more than `max`. Callers remember only what they
 * found, so guessing keys fills no memory.
 *
 * `delete` is how a change (sign-out, revocation, key rotation) takes effect in this process at
 * once; other processes keep an old value for up to `ttlMs`. A lookup that read the database
 * before a delete must not put back what it read: compare `generation` before and after.
 */
export class TtlCache<K, V> {
  readonly #entries = new Map<K, { value: V; until: number }>();
  #generation = 0;

  constructor(private readonly options: { ttlMs: number; max: number }) {}

  /** The value, or undefined when it was never remembered or has expired. */
  get(key: K): V | undefined {
    const hit = this.#entries.get(key);
    if (!hit) return undefined;
    if (hit.until > Date.now()) return hit.value;
    // An expired entry goes now: a key that no longer resolves must not hold memory till `max`.
    this.#entries.delete(key);
    return undefined;
  }

  /** Remembers `value` for `ttlMs`, or until `expiresAt` (epoch ms) when that comes first. */
  set(key: K, value: V, expiresAt = Number.POSITIVE_INFINITY): void {
    if (this.#entries.size >= this.options.max) this.#entries.clear();
    this.#entries.set(key, { value, until: Math.min(Date.now() + this.options.ttlMs, expiresAt) });
  }

  delete(key: K): void {
    this.#generation++;
    this.#entries.delete(key);
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }

  /** Counts deletes and clears; a lookup that saw it change while it read must not `set`. */
  get generation(): number {
    return this.#generation;
  }
}
