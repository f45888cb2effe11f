import type { DeliveryAddress } from '@app/contracts';
import type { SecondChanceAnswer } from '../../domain/second-chance';

/** The runner-up accepts or declines the second-chance offer on a lot. */
export class AnswerSecondChanceCommand {
  constructor(
    readonly lotId: string,
    readonly userId: string,
    readonly answer: SecondChanceAnswer,
    /** Accept only: where the item goes; default the address given with their latest bid on the lot. */
    readonly address?: DeliveryAddress,
  ) {}
}
