import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Actor, CurrentActor } from '../../api/actor';
import { LotView, USER_ID_PATTERN } from '../../domain/lot';
import { LotErrors } from '../../domain/lot.errors';
import { SecondChanceAnswer } from '../../domain/second-chance';
import { AnswerSecondChanceCommand } from './answer-second-chance.command';
import { AcceptSecondChanceRequestDto } from './answer-second-chance.request.dto';

/** The runner-up's answer to a second-chance offer; the caller is x-gavel-user-id (set by the gateway). */
@Controller('lots')
export class SecondChanceHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 200 with the lot (secondChance.status ACCEPTED): their order starts; 403/404/409/422 LOT.* */
  @Post(':id/second-chance/accept')
  @HttpCode(200)
  accept(
    @Param('id') id: string,
    @Body() body: AcceptSecondChanceRequestDto,
    @CurrentActor() actor: Actor,
  ): Promise<LotView> {
    return this.answer(id, actor, 'accept', body.address ? { ...body.address } : undefined);
  }

  /** 200 with the lot (DECLINED, then relisted or closed unsold); 403/404/409 LOT.* */
  @Post(':id/second-chance/decline')
  @HttpCode(200)
  decline(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<LotView> {
    return this.answer(id, actor, 'decline');
  }

  private answer(
    lotId: string,
    actor: Actor,
    answer: SecondChanceAnswer,
    address?: AcceptSecondChanceRequestDto['address'],
  ): Promise<LotView> {
    if (!actor.userId || !USER_ID_PATTERN.test(actor.userId)) throw LotErrors.missingUser();
    return this.commandBus.execute<AnswerSecondChanceCommand, LotView>(
      new AnswerSecondChanceCommand(lotId, actor.userId, answer, address),
    );
  }
}
