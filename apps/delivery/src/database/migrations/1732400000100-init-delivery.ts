import { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTables, createParticipantTables } from '@app/outbox';

/** Slots are seeded on start (SlotSeederService: a rolling two weeks), not here. */
export class InitDelivery1732400000100 implements MigrationInterface {
  name = 'InitDelivery1732400000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE slots (
        id varchar(64) PRIMARY KEY,
        starts_at timestamptz NOT NULL,
        capacity integer NOT NULL CHECK (capacity > 0),
        booked integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT slots_booked_within_capacity CHECK (booked <= capacity AND booked >= 0)
      )`);
    await q.query(`CREATE INDEX slots_starts_at_idx ON slots (starts_at, id)`);
    await q.query(`
      CREATE TABLE bookings (
        id uuid PRIMARY KEY,
        order_id varchar(255) NOT NULL,
        slot_id varchar(64) NOT NULL REFERENCES slots(id),
        address jsonb NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('BOOKED', 'CANCELLED')),
        command_id varchar(255) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX bookings_order_idx ON bookings (order_id, created_at)`);
    await createOutboxTables(q);
    await createParticipantTables(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bookings`);
    await q.query(`DROP TABLE slots`);
  }
}
