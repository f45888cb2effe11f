import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { ErrorBodyDto } from '../../../shared/error-body.dto';
import { RegisteredUser, RegisterUserCommand } from './register-user.command';
import { RegisteredUserDto, RegisterUserRequestDto } from './register-user.request.dto';

@ApiTags('auth')
@Controller('auth')
export class RegisterUserHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('register')
  @HttpCode(201)
  @ApiCreatedResponse({ type: RegisteredUserDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'REQUEST.INVALID' })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'AUTH.EMAIL_TAKEN' })
  register(@Body() body: RegisterUserRequestDto): Promise<RegisteredUser> {
    return this.commandBus.execute<RegisterUserCommand, RegisteredUser>(
      new RegisterUserCommand(body.email, body.password, body.displayName, [body.role]),
    );
  }
}
