import { Topics } from '@app/contracts';
import { db } from '../support/env';

/** What the commands of a saga wrote to a service's outbox (topic and type), in order. */
export async function sagaOutbox(
  service: string,
  sagaId: string,
): Promise<{ aggregatetype: string; type: string }[]> {
  return (
    await db(service).query(
      'SELECT aggregatetype, type FROM outbox WHERE saga_id = $1 ORDER BY created_at, type',
      [sagaId],
    )
  ).rows;
}

/** An outbox row of a saga reply, as `sagaOutbox` lists it. */
export const replyRow = (type: string) => ({ aggregatetype: Topics.orchestratorReplies, type });
