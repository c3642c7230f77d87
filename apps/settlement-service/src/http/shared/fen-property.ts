import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min, ValidateIf } from 'class-validator';
import { MAX_AMOUNT_FEN } from '../../inbound/contract-formats';

interface FenPropertyOptions {
  /** Smallest accepted amount (0 or 1). */
  min: 0 | 1;
  description: string;
  /** `null` accepted (and documented) as a value; the key itself must still be present. */
  nullable?: boolean;
  /** The key may be left out (then it means null). */
  optional?: boolean;
  example?: number;
}

/**
 * A JSON integer amount in fen, min..10^12: never a float or a string. Validated as a number
 * and converted to bigint by the service before any arithmetic.
 */
export function FenProperty(options: FenPropertyOptions): PropertyDecorator {
  const decorators: PropertyDecorator[] = [
    ApiProperty({
      type: 'integer',
      format: 'int64',
      minimum: options.min,
      maximum: MAX_AMOUNT_FEN,
      nullable: options.nullable ?? false,
      required: !options.optional,
      description: options.description,
      example: options.example,
    }),
    IsInt(),
    Min(options.min),
    Max(MAX_AMOUNT_FEN),
  ];
  if (options.optional) decorators.unshift(ValidateIf((_o, value) => value !== null && value !== undefined));
  else if (options.nullable) decorators.unshift(ValidateIf((_o, value) => value !== null));
  return applyDecorators(...decorators);
}

/** The same for response bodies (documentation only). */
export function FenField(description: string, nullable = false): PropertyDecorator {
  return ApiProperty({ type: 'integer', format: 'int64', minimum: 0, nullable, description });
}
