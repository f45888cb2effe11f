import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { OpenWalletCommand } from './open-wallet.command';
import { OpenWalletRequestDto } from './open-wallet.request.dto';

/** Opens a user's wallet (called when a user registers). */
@Controller('wallets')
export class OpenWalletHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  async open(@Body() body: OpenWalletRequestDto): Promise<{ userId: string }> {
    await this.commandBus.execute(new OpenWalletCommand(body.userId));
    return { userId: body.userId };
  }
}
