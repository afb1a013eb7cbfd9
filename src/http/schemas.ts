import { type SchemaOptions, type Static, type TSchema, Type } from '@sinclair/typebox';

/**
 * `T | null` written as a JSON Schema type array (`["string", "null"]`) instead of `anyOf`,
 * so a bad value yields one clear validation message and OpenAPI 3.1 shows a plain nullable.
 */
export const Nullable = <T extends TSchema>(schema: T, options: SchemaOptions = {}) => {
  const { type, ...rest } = schema as unknown as { type: string };
  return Type.Unsafe<Static<T> | null>({ ...rest, ...options, type: [type, 'null'] });
};

export const Uuid = (options: SchemaOptions = {}) => Type.String({ format: 'uuid', ...options });
export const Timestamp = (options: SchemaOptions = {}) => Type.String({ format: 'date-time', ...options });

export const IdParams = Type.Object({ id: Uuid({ description: 'The resource id.' }) }, { additionalProperties: false });

export const FieldErrorSchema = Type.Object({
  path: Type.String({ description: 'JSON Pointer to the bad field within its location.' }),
  message: Type.String(),
  in: Type.Optional(Type.Union([Type.Literal('body'), Type.Literal('query'), Type.Literal('path'), Type.Literal('header')])),
});

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'A URI naming the kind of problem.' }),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.Optional(Type.String()),
    code: Type.String({ description: 'Stable machine-readable code, e.g. `customer.email_taken`.' }),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(FieldErrorSchema)),
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
