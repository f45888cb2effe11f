import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../api/current-user.decorator';
import { Authenticated } from '../../api/roles.decorator';
import type { AuthUser } from '../../domain/user';
import { GetMeQuery, MeDto } from './get-me.query';

@ApiTags('auth')
@Controller('me')
export class GetMeHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: AuthUser): Promise<MeDto> {
    return this.queryBus.execute<GetMeQuery, MeDto>(new GetMeQuery(user.userId));
  }
}
