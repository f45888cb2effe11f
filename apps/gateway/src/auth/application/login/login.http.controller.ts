import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiOkResponse,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorBodyDto } from '../../../shared/error-body.dto';
import { LoginThrottleGuard } from '../../api/login-throttle.guard';
import { AccessToken } from '../../infrastructure/token.service';
import { LoginCommand } from './login.command';
import { AccessTokenDto, LoginRequestDto } from './login.request.dto';

@ApiTags('auth')
@Controller('auth')
export class LoginHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginThrottleGuard)
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiResponse({ status: 400, type: ErrorBodyDto, description: 'REQUEST.INVALID' })
  @ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'AUTH.INVALID_CREDENTIALS' })
  @ApiTooManyRequestsResponse({ type: ErrorBodyDto, description: 'AUTH.RATE_LIMITED (per IP and email)' })
  login(@Body() body: LoginRequestDto): Promise<AccessToken> {
    return this.commandBus.execute<LoginCommand, AccessToken>(new LoginCommand(body.email, body.password));
  }
}
