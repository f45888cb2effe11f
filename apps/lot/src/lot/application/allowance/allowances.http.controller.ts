import { Controller, Delete, Get, Param } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/common';
import { AllowanceFailureCodes } from '@app/contracts';
import { USER_ID_PATTERN } from '../../domain/lot';
import { LotErrors } from '../../domain/lot.errors';
import { findLot } from '../../infrastructure/lot.repository';
import { releaseAllowances } from '../../infrastructure/allowances';
import { appendToOutbox } from '@app/outbox';

/** A bidder's allowance on a lot, as GET /lots/:id/allowances/:bidderId answers it. */
export interface AllowanceView {
  lotId: string;
  bidderId: string;
  /** Money the wallet holds for this bidder on this lot (minor units). */
  amount: string;
  keepWhenOutbid: boolean;
  /** What the bidder could be made to pay now: their maximum while they lead, else 0. */
  exposure: string;
  leading: boolean;
  holds: { holdId: string; amount: string; grantedAt: string; releasedAt?: string; releaseReason?: string }[];
}

@Controller('lots/:id/allowances')
export class AllowancesHttpController {
  constructor(private readonly dataSource: DataSource) {}

  @Get(':bidderId')
  async get(@Param('id') lotId: string, @Param('bidderId') bidderId: string): Promise<AllowanceView> {
    return this.view(this.dataSource.manager, lotId, bidderId);
  }

  /**
   * The bidder withdraws their allowance: its holds are released (the wallet gives the money back through
   * a saga). 409 LOT.ALLOWANCE_COVERS_LEAD while they lead an open lot.
   */
  @Delete(':bidderId')
  withdraw(@Param('id') lotId: string, @Param('bidderId') bidderId: string): Promise<AllowanceView> {
    return this.dataSource.transaction(async (manager) => {
      const lot = await findLot(manager, lotId, true);
      if (!lot) throw LotErrors.notFound(lotId);
      if (lot.status === 'OPEN' && lot.leader_id === bidderId) {
        throw new DomainError(
          AllowanceFailureCodes.leading,
          'You lead this lot: your allowance covers your bid until someone outbids you or the lot closes',
          'conflict',
        );
      }
      await appendToOutbox(
        manager,
        await releaseAllowances(manager, [{ lotId: lot.id, bidderId }], 'WITHDRAWN'),
      );
      return this.view(manager, lotId, bidderId);
    });
  }

  private async view(
    manager: DataSource['manager'],
    lotId: string,
    bidderId: string,
  ): Promise<AllowanceView> {
    if (!USER_ID_PATTERN.test(bidderId)) throw LotErrors.missingUser();
    const lot = await findLot(manager, lotId);
    if (!lot) throw LotErrors.notFound(lotId);
    const [allowance]: { amount: string; keep_when_outbid: boolean }[] = await manager.query(
      `SELECT amount, keep_when_outbid FROM allowances WHERE lot_id = $1 AND bidder_id = $2`,
      [lot.id, bidderId],
    );
    const holds: {
      hold_id: string;
      amount: string;
      granted_at: Date;
      released_at: Date | null;
      release_reason: string | null;
    }[] = await manager.query(
      `SELECT hold_id, amount, granted_at, released_at, release_reason FROM allowance_holds
         WHERE lot_id = $1 AND bidder_id = $2 ORDER BY granted_at`,
      [lot.id, bidderId],
    );
    const leading = lot.status === 'OPEN' && lot.leader_id === bidderId;
    return {
      lotId: lot.id,
      bidderId,
      amount: allowance?.amount ?? '0',
      keepWhenOutbid: allowance?.keep_when_outbid ?? false,
      exposure: leading ? (lot.leader_max ?? lot.current_price ?? '0') : '0',
      leading,
      holds: holds.map((h) => ({
        holdId: h.hold_id,
        amount: h.amount,
        grantedAt: h.granted_at.toISOString(),
        ...(h.released_at ? { releasedAt: h.released_at.toISOString() } : {}),
        ...(h.release_reason ? { releaseReason: h.release_reason } : {}),
      })),
    };
  }
}
