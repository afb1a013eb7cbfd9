import { type SchemaOptions, type Static, type StringOptions, type TSchema, Type } from '@sinclair/typebox';
import { MULTI_LINE_PATTERN, SINGLE_LINE_PATTERN } from '../lib/text.js';
import { STORABLE_TIMESTAMP_PATTERN } from '../lib/timestamps.js';

/**
 * `T | null` written as a JSON Schema type array (`["string", "null"]`) instead of `anyOf`,
 * so a bad value yields one clear validation message and OpenAPI 3.1 shows a plain nullable.
 */
export const Nullable = <T extends TSchema>(schema: T, options: SchemaOptions = {}) => {
  const { type, ...rest } = schema as unknown as { type: string };
  return Type.Unsafe<Static<T> | null>({ ...rest, ...options, type: [type, 'null'] });
};

/**
 * Text a person typed on one line (a name, a city, a tag, a reason): control characters and
 * bidirectional overrides are refused with a 400 naming the field (src/lib/text.ts says why).
 */
export const SingleLine = (options: StringOptions = {}) =>
  Type.String({ pattern: SINGLE_LINE_PATTERN, ...options });
/** Text that may span lines (a note): line breaks and tabs allowed, other controls and bidi overrides not. */
export const MultiLine = (options: StringOptions = {}) =>
  Type.String({ pattern: MULTI_LINE_PATTERN, ...options });

export const Uuid = (options: SchemaOptions = {}) =>
  Type.String({ format: 'uuid', maxLength: 36, ...options });
/** A date and time (ISO 8601) that PostgreSQL can store: years 0001 to 9999. */
export const Timestamp = (options: SchemaOptions = {}) =>
  Type.String({ format: 'date-time', pattern: STORABLE_TIMESTAMP_PATTERN, maxLength: 40, ...options });

/** Integers say their width and range, so generated clients pick the right type. */
export const Int32 = (options: { minimum?: number; maximum?: number } & SchemaOptions = {}) =>
  Type.Integer({ format: 'int32', minimum: -2147483648, maximum: 2147483647, ...options });
export const Int64 = (options: { minimum?: number; maximum?: number } & SchemaOptions = {}) =>
  Type.Integer({
    format: 'int64',
    minimum: Number.MIN_SAFE_INTEGER,
    maximum: Number.MAX_SAFE_INTEGER,
    ...options,
  });

/** A string from a fixed list (one `enum`, so a bad value gets one message listing the choices). */
export const StringEnum = <T extends string>(values: readonly T[], options: SchemaOptions = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: values, ...options });

/** A list page of at most 200 items. */
export const ListOf = <T extends TSchema>(item: T, maxItems = 200) => Type.Array(item, { maxItems });

export const IdParams = Type.Object(
  { id: Uuid({ description: 'The resource id.' }) },
  { additionalProperties: false },
);

export const FieldErrorSchema = Type.Object({
  path: Type.String({ maxLength: 1000, description: 'JSON Pointer to the bad field within its location.' }),
  message: Type.String({ maxLength: 2000 }),
  in: Type.Optional(
    Type.Union([Type.Literal('body'), Type.Literal('query'), Type.Literal('path'), Type.Literal('header')]),
  ),
});

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ format: 'uri', maxLength: 200, description: 'A URI naming the kind of problem.' }),
    title: Type.String({ maxLength: 200 }),
    status: Type.Integer({ format: 'int32', minimum: 400, maximum: 599 }),
    detail: Type.Optional(Type.String({ maxLength: 4000 })),
    code: Type.String({
      maxLength: 100,
      pattern: '^[a-z0-9_.]+$',
      description: 'Stable machine-readable code, e.g. `customer.email_taken`.',
    }),
    instance: Type.Optional(
      Type.String({
        maxLength: 2000,
        description: 'This occurrence: `urn:clientele:request:<requestId>`.',
      }),
    ),
    requestId: Type.Optional(
      Type.String({
        maxLength: 128,
        pattern: '^[A-Za-z0-9._:-]{1,128}$',
        description:
          "The request's id, as in its `X-Request-Id` response header, the log lines and the events it caused.",
      }),
    ),
    errors: Type.Optional(Type.Array(FieldErrorSchema, { maxItems: 1000 })),
  },
  { $id: 'Problem', title: 'Problem', description: 'RFC 9457 problem details.' },
);
export type Problem = Static<typeof ProblemSchema>;

/** Response entry for an error status: problem+json with the shared schema. */
export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Type.Ref(ProblemSchema) } },
});

export const NoContent = Type.Null({ description: 'No content.' });

/** An ISO 4217 currency code (checked against the real list by the services). */
export const Currency = (options: SchemaOptions = {}) =>
  Type.String({
    pattern: '^[A-Z]{3}$',
    minLength: 3,
    maxLength: 3,
    description: 'ISO 4217 code, e.g. `EUR`.',
    ...options,
  });

/** An amount of money in minor units (cents), never a float. */
export const MinorUnits = (options: { minimum?: number; maximum?: number } & SchemaOptions = {}) =>
  Int64({
    minimum: -1_000_000_000_000,
    maximum: 1_000_000_000_000,
    description: 'Minor units (e.g. cents).',
    ...options,
  });
