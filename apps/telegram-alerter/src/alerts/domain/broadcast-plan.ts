/**
 * Chooses, among claimable deliveries (oldest first), the ones to send now: at most one per chat
 * (a chat may send one message a second) and only chats whose own rate allows it. The others are
 * deferred until their chat is ready, so a busy chat never blocks the rest of the queue.
 */
export interface Candidate {
  lotId: string;
  chatId: string;
}

export interface BroadcastPlan<T extends Candidate> {
  send: T[];
  defer: { candidate: T; delayMs: number }[];
}

export function planBroadcast<T extends Candidate>(
  candidates: T[],
  chatWaitMs: (chatId: string) => number,
  maxSend: number,
  chatIntervalMs: number,
): BroadcastPlan<T> {
  const plan: BroadcastPlan<T> = { send: [], defer: [] };
  const chosen = new Set<string>();
  for (const candidate of candidates) {
    const wait = chatWaitMs(candidate.chatId);
    if (chosen.has(candidate.chatId)) plan.defer.push({ candidate, delayMs: Math.max(wait, chatIntervalMs) });
    else if (wait > 0) plan.defer.push({ candidate, delayMs: wait });
    else if (plan.send.length < maxSend) {
      chosen.add(candidate.chatId);
      plan.send.push(candidate);
    }
  }
  return plan;
}
