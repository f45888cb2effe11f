import {
  childSpan,
  createTraceparent,
  formatTraceparent,
  isSampled,
  parseTraceparent,
  traceIdOf,
} from './tracing';

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('traceparent', () => {
  it('parses the W3C example', () => {
    expect(parseTraceparent(VALID)).toEqual({
      version: '00',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      flags: '01',
    });
    expect(formatTraceparent(parseTraceparent(VALID)!)).toBe(VALID);
  });

  it.each([
    ['empty', ''],
    ['not a header', 'hello'],
    ['upper-case hex', VALID.toUpperCase()],
    ['all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['all-zero span id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['version 00 with extra fields', `${VALID}-extra`],
    ['short trace id', '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01'],
    ['short span id', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01'],
    ['non-hex flags', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g'],
  ])('rejects %s', (_name, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });

  it('rejects what is not a string', () => {
    expect(parseTraceparent(undefined)).toBeUndefined();
    expect(parseTraceparent(null)).toBeUndefined();
  });

  it('accepts a future version with more fields, reading the first four', () => {
    expect(
      parseTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-ever'),
    ).toMatchObject({
      version: '01',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    });
  });

  it('creates valid, distinct, sampled root traceparents', () => {
    const a = createTraceparent();
    const b = createTraceparent();
    expect(a).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(parseTraceparent(a)).toBeDefined();
    expect(traceIdOf(a)).not.toBe(traceIdOf(b));
    expect(isSampled(parseTraceparent(a)!)).toBe(true);
    expect(isSampled(parseTraceparent(createTraceparent(false))!)).toBe(false);
  });

  it('derives a child span: same trace and flags, a new span id, version 00', () => {
    const child = parseTraceparent(childSpan(VALID))!;
    expect(child.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(child.flags).toBe('01');
    expect(child.version).toBe('00');
    expect(child.spanId).not.toBe('00f067aa0ba902b7');
    expect(
      parseTraceparent(childSpan('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00'))!.flags,
    ).toBe('00');
  });

  it('starts a new trace when the parent is absent or invalid', () => {
    const fromNothing = childSpan(undefined);
    const fromGarbage = childSpan('garbage');
    expect(parseTraceparent(fromNothing)).toBeDefined();
    expect(parseTraceparent(fromGarbage)).toBeDefined();
    expect(traceIdOf(fromNothing)).not.toBe(traceIdOf(fromGarbage));
  });

  it('gives the trace id of a valid header only', () => {
    expect(traceIdOf(VALID)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(traceIdOf('nope')).toBeUndefined();
  });
});
