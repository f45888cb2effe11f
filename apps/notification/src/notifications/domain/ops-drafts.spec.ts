import { incidentRaised, incidentResolved } from './ops-drafts';

describe('saga incident notifications', () => {
  const facts = {
    sagaId: 's-1',
    sagaType: 'Order',
    step: 'charge',
    commandId: 'c-1',
    attempts: 5,
    reason: 'no reply before the attempt timed out',
  };

  it('tells every admin once that a saga gets no answer, with the attempts and the last error', () => {
    const drafts = incidentRaised(facts, ['a1', 'a2', 'a1']);
    expect(drafts.map((d) => d.userId)).toEqual(['a1', 'a2']);
    expect(drafts[0]).toMatchObject({
      kind: 'ops.incident_raised',
      title: 'Saga incident: a participant does not answer',
      data: { sagaId: 's-1', sagaType: 'Order', step: 'charge', commandId: 'c-1', attempts: 5 },
    });
    expect(drafts[0].body).toBe(
      'Order saga s-1 got no answer to step "charge" after 5 attempts (no reply before the attempt timed out). ' +
        'It keeps retrying; the ops page lists it under Needs attention (retry, skip or abort).',
    );
    expect(incidentRaised({ ...facts, attempts: undefined, reason: '' }, ['a1'])[0].body).toContain(
      'after several attempts. It keeps',
    );
  });

  it('tells every admin how the incident ended', () => {
    const [draft] = incidentResolved({ ...facts, attempts: undefined, reason: 'answered' }, ['a1']);
    expect(draft).toMatchObject({
      userId: 'a1',
      kind: 'ops.incident_resolved',
      title: 'Saga incident resolved',
      data: { resolution: 'answered' },
    });
    expect(draft.body).toBe(
      'Order saga s-1: the incident on step "charge" is over: the participant answered.',
    );
    expect(incidentResolved({ ...facts, reason: 'something new' }, ['a1'])[0].body).toContain(
      'is over: something new.',
    );
    expect(incidentResolved(facts, [])).toEqual([]);
  });
});
