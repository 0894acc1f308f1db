import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUrl, Length, MaxLength, ValidateBy } from 'class-validator';
import { Omittable } from '../../common/src/http/validation';
import { AUTH_TYPES, CREDENTIAL_MODES } from './catalog.events';
import { LIMITS, type ToolFields } from './tool.fields';

/**
 * Property decorators shared by the add and update bodies. "Omittable" fields may be left
 * out but not set to null (null would mean "clear", which only url and the expiry allow).
 */
const presence = (required: boolean) => (required ? [] : [Omittable()]);

export const NameField = (required: boolean) =>
  applyDecorators(
    ApiProperty({
      required,
      minLength: 1,
      maxLength: LIMITS.name,
      example: 'GitHub',
      description: 'Unique among active tools of the org',
    }),
    ...presence(required),
    IsString(),
    Length(1, LIMITS.name),
  );

export const UrlField = () =>
  applyDecorators(
    ApiProperty({
      required: false,
      type: String,
      nullable: true,
      format: 'uri',
      example: 'https://api.github.com',
    }),
    IsOptional(),
    IsString(),
    MaxLength(LIMITS.url),
    IsUrl(
      { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
      { message: 'url must be an http or https URL' },
    ),
  );

export const DescriptionField = () =>
  applyDecorators(
    ApiProperty({ required: false, maxLength: LIMITS.description }),
    Omittable(),
    IsString(),
    MaxLength(LIMITS.description),
  );

export const AuthTypeField = (required: boolean) =>
  applyDecorators(ApiProperty({ required, enum: AUTH_TYPES }), ...presence(required), IsIn(AUTH_TYPES));

export const CredentialModeField = () =>
  applyDecorators(
    ApiProperty({
      required: false,
      enum: CREDENTIAL_MODES,
      default: 'shared',
      description: 'per_agent: each approval supplies the agent its own credential',
    }),
    Omittable(),
    IsIn(CREDENTIAL_MODES),
  );

export const InstructionsField = () =>
  applyDecorators(
    ApiProperty({
      required: false,
      maxLength: LIMITS.instructions,
      description:
        'Markdown usage instructions; agents receive them with the credential. Each change is a new version.',
    }),
    Omittable(),
    IsString(),
    MaxLength(LIMITS.instructions),
  );

export const ExpiresAtField = () =>
  applyDecorators(
    ApiProperty({
      required: false,
      type: String,
      format: 'date-time',
      nullable: true,
      description: 'When the credential expires; null clears it',
    }),
    IsOptional(),
    IsISO8601({ strict: true }, { message: 'credential_expires_at must be an ISO 8601 date-time' }),
  );

const CREDENTIAL_KEY = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_CREDENTIAL_CHARS = 16_384;

/** A string, or an object of up to 20 named strings. The message never echoes the value. */
export function isCredential(value: unknown): boolean {
  if (typeof value === 'string') return value.length > 0 && value.length <= MAX_CREDENTIAL_CHARS;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length > 0 &&
    entries.length <= 20 &&
    entries.every(([k, v]) => CREDENTIAL_KEY.test(k) && typeof v === 'string' && v.length > 0) &&
    JSON.stringify(value).length <= MAX_CREDENTIAL_CHARS
  );
}

/**
 * The one validation of a secret, wherever one is given: a tool's (add, update, set secret) or
 * an agent's own, given at approval for a per-agent tool.
 */
export const CredentialField = (
  required: boolean,
  description = 'The secret: a string, or an object of strings. Stored encrypted; never returned.',
) =>
  applyDecorators(
    ApiProperty({
      required,
      writeOnly: true,
      oneOf: [
        { type: 'string', minLength: 1, example: 'ghp_…' },
        {
          type: 'object',
          additionalProperties: { type: 'string' },
          example: { username: 'bot', password: '…' },
        },
      ],
      description,
    }),
    ...presence(required),
    ValidateBy({
      name: 'isCredential',
      validator: {
        validate: isCredential,
        defaultMessage: () =>
          'credential must be a non-empty string or an object of 1 to 20 non-empty strings with simple keys',
      },
    }),
  );

const FIELD_NAMES = {
  name: 'name',
  url: 'url',
  description: 'description',
  auth_type: 'authType',
  credential_mode: 'credentialMode',
  instructions: 'instructions',
  credential_expires_at: 'credentialExpiresAt',
} as const;

/** The body's snake_case fields as a command's fields, leaving out those not sent. */
export function fieldsOf(body: Record<string, unknown>): Partial<ToolFields> {
  const fields: Record<string, unknown> = {};
  for (const [wire, domain] of Object.entries(FIELD_NAMES)) {
    if (body[wire] !== undefined) fields[domain] = body[wire];
  }
  return fields;
}
