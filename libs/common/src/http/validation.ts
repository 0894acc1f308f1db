import { type ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateIf } from 'class-validator';

export class ValidationProblem extends Error {
  constructor(readonly errors: Array<{ field: string; message: string }>) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  }
}

function flatten(errors: ValidationError[], parent = ''): Array<{ field: string; message: string }> {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(/^property (\S+) should not exist$/, 'is not a known field'),
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Unknown fields are rejected (DESIGN.md, HTTP contract); every problem names its field. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: false,
  exceptionFactory: (errors) => new ValidationProblem(flatten(errors)),
});

/**
 * A body field that may be left out but not set to null. class-validator's IsOptional lets null
 * through too, and a handler then read `null.trim()`: only fields the OpenAPI document marks
 * nullable (null clears them) may use IsOptional in a body.
 */
export const Omittable = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
