import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import {
  BindingRefusalBodyDto,
  LimitRefusalBodyDto,
  NotFoundBodyDto,
  ValidationErrorBodyDto,
} from '../../shared/errors/error-bodies.dto';

/** OpenAPI for the 400 every endpoint with parameters or a body may answer. */
export const ApiInvalidRequest = (): MethodDecorator & ClassDecorator =>
  ApiBadRequestResponse({
    type: ValidationErrorBodyDto,
    description: 'malformed body, path or query (INVALID_REQUEST)',
  });

export const ApiUnknownId = (what: string): MethodDecorator & ClassDecorator =>
  ApiNotFoundResponse({ type: NotFoundBodyDto, description: `unknown ${what} (NOT_FOUND)` });

export const ApiBindingRefused = (): MethodDecorator & ClassDecorator =>
  ApiUnprocessableEntityResponse({ type: BindingRefusalBodyDto, description: 'refused by the holder region policy' });

export const ApiLimitRefused = (): MethodDecorator & ClassDecorator =>
  ApiUnprocessableEntityResponse({
    type: LimitRefusalBodyDto,
    description: "limit outside what the holder's region policy allows (LIMIT_OUT_OF_RANGE)",
  });

/** The usual pair for endpoints addressed by an id and taking input. */
export const ApiInputAndId = (what: string): MethodDecorator & ClassDecorator =>
  applyDecorators(ApiInvalidRequest(), ApiUnknownId(what));
