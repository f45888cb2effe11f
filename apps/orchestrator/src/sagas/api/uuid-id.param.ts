import { Param, ParseUUIDPipe } from '@nestjs/common';

/** The route's `:id` as a UUID (400 when it is not one): the id of a saga started by a request. */
export const UuidIdParam = (): ParameterDecorator =>
  Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 }));
