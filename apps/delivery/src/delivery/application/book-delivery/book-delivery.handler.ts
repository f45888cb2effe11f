import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@app/common';
import { BookDeliveryData, BookDeliverySchema, DeliveryBookedData, OrderSagaMessages } from '@app/contracts';
import { CommandHandler as ParticipantHandler, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { checkAddress } from '../../domain/booking';
import { BookFailure } from '../../domain/delivery.errors';
import { DeliveryConfig } from '../../infrastructure/delivery.config';

type Taken = { id: string } | { code: string; reason: string };

/**
 * `delivery.book`: checks the address, then takes one place in the requested slot (or the earliest
 * future slot with room) with a conditional UPDATE, so a slot is never overbooked.
 */
@Injectable()
export class BookDeliveryHandler implements ParticipantHandler<BookDeliveryData> {
  readonly schema = BookDeliverySchema;
  readonly refusedReplyType = OrderSagaMessages.delivery.rejected;

  constructor(private readonly config: DeliveryConfig) {}

  async handle(
    manager: EntityManager,
    { data, metadata }: ParticipantCommand<BookDeliveryData>,
  ): Promise<ParticipantReply> {
    const check = checkAddress(data.address, this.config.servedCountries);
    if (!check.deliverable) return rejected(BookFailure.undeliverable, check.reason);
    const slot =
      data.slotId === undefined ? await takeEarliest(manager) : await takeSlot(manager, data.slotId);
    if ('code' in slot) return rejected(slot.code, slot.reason);
    const bookingId = randomUUID();
    await insertBookings(manager, [bookingOf(bookingId, data, slot.id, metadata.commandId)]);
    const reply: DeliveryBookedData = { bookingId, slotId: slot.id };
    return { type: OrderSagaMessages.delivery.booked, outcome: 'success', data: reply };
  }

  /**
   * Many bookings without a requested slot in three statements: the earliest future slots with room are
   * locked (at most one per booking, SKIP LOCKED as alone), filled in turn, earliest first — as the
   * bookings would have been one after another — and the slots and bookings written together. A booking
   * that names its slot, or finds no room left among those, is handled alone afterwards.
   */
  async handleMany(
    manager: EntityManager,
    commands: ParticipantCommand<BookDeliveryData>[],
  ): Promise<ParticipantReply[]> {
    const answers: ParticipantReply[] = [];
    const alone: number[] = [];
    const wanting: number[] = [];
    commands.forEach(({ data }, i) => {
      const check = checkAddress(data.address, this.config.servedCountries);
      if (!check.deliverable) answers[i] = rejected(BookFailure.undeliverable, check.reason);
      else if (data.slotId === undefined) wanting.push(i);
      else alone.push(i);
    });
    const slots =
      wanting.length === 0
        ? []
        : (
            await preparedQuery<{ id: string; room: number }>(
              manager,
              'delivery_slots_lock_earliest',
              `SELECT id, capacity - booked AS room FROM slots WHERE starts_at > now() AND booked < capacity
               ORDER BY starts_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
              [wanting.length],
            )
          ).rows;
    const taken = new Map<string, number>();
    const bookings: Booking[] = [];
    let at = 0;
    for (const i of wanting) {
      while (at < slots.length && (taken.get(slots[at].id) ?? 0) >= slots[at].room) at++;
      if (at === slots.length) {
        alone.push(i);
        continue;
      }
      const { data, metadata } = commands[i];
      const slotId = slots[at].id;
      taken.set(slotId, (taken.get(slotId) ?? 0) + 1);
      const booking = bookingOf(randomUUID(), data, slotId, metadata.commandId);
      bookings.push(booking);
      answers[i] = {
        type: OrderSagaMessages.delivery.booked,
        outcome: 'success',
        data: { bookingId: booking.id, slotId } satisfies DeliveryBookedData,
      };
    }
    if (bookings.length > 0) {
      await preparedQuery(
        manager,
        'delivery_slots_book_many',
        `UPDATE slots SET booked = booked + t.places FROM unnest($1::text[], $2::int[]) AS t(id, places)
         WHERE slots.id = t.id`,
        [[...taken.keys()], [...taken.values()]],
      );
      await insertBookings(manager, bookings);
    }
    for (const i of alone) answers[i] = await this.handle(manager, commands[i]);
    return answers;
  }
}

interface Booking {
  id: string;
  orderId: string;
  slotId: string;
  /** The address as stored: JSON, its country trimmed and upper-cased. */
  address: string;
  commandId: string;
}

const bookingOf = (id: string, data: BookDeliveryData, slotId: string, commandId: string): Booking => ({
  id,
  orderId: data.orderId,
  slotId,
  address: JSON.stringify({ ...data.address, country: data.address.country.trim().toUpperCase() }),
  commandId,
});

async function insertBookings(manager: EntityManager, bookings: readonly Booking[]): Promise<void> {
  await preparedQuery(
    manager,
    'delivery_booking_insert_many',
    `INSERT INTO bookings (id, order_id, slot_id, address, status, command_id)
     SELECT id, order_id, slot_id, address, 'BOOKED', command_id
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::text[])
       AS b(id, order_id, slot_id, address, command_id)`,
    [
      bookings.map((b) => b.id),
      bookings.map((b) => b.orderId),
      bookings.map((b) => b.slotId),
      bookings.map((b) => b.address),
      bookings.map((b) => b.commandId),
    ],
  );
}

function rejected(code: string, reason: string): ParticipantReply {
  return { type: OrderSagaMessages.delivery.rejected, outcome: 'failure', data: {}, code, reason };
}

async function takeSlot(manager: EntityManager, slotId: string): Promise<Taken> {
  const [rows] = (await manager.query(
    `UPDATE slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity AND starts_at > now() RETURNING id`,
    [slotId],
  )) as [{ id: string }[], number];
  if (rows.length > 0) return rows[0];
  const found: { future: boolean }[] = await manager.query(
    `SELECT starts_at > now() AS future FROM slots WHERE id = $1`,
    [slotId],
  );
  if (found.length === 0) return { code: BookFailure.unknownSlot, reason: `no slot ${slotId}` };
  if (!found[0].future) return { code: BookFailure.slotInPast, reason: `slot ${slotId} has already started` };
  return { code: BookFailure.slotFull, reason: `slot ${slotId} is fully booked` };
}

/** SKIP LOCKED: a slot being booked concurrently is passed over rather than waited for and overbooked. */
async function takeEarliest(manager: EntityManager): Promise<Taken> {
  const { rows } = await preparedQuery<{ id: string }>(
    manager,
    'delivery_slot_take_earliest',
    `UPDATE slots SET booked = booked + 1
     WHERE id = (SELECT id FROM slots WHERE starts_at > now() AND booked < capacity
                 ORDER BY starts_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
       AND booked < capacity
     RETURNING id`,
    [],
  );
  return rows[0] ?? { code: BookFailure.noSlotAvailable, reason: 'no future slot has room' };
}
