import { highlightParts, hitHighlight, MATCH_END as E, MATCH_START as S } from './search-highlight';

describe('search highlight', () => {
  it('splits a marked fragment into matched and plain parts', () => {
    expect(highlightParts(`Brass ${S}lamp${E} and ${S}Lamp${E}`)).toEqual([
      { text: 'Brass ', match: false },
      { text: 'lamp', match: true },
      { text: ' and ', match: false },
      { text: 'Lamp', match: true },
    ]);
    expect(highlightParts('no match')).toEqual([{ text: 'no match', match: false }]);
  });

  it('keeps markup in the text as text', () => {
    expect(highlightParts(`<img src=x onerror=alert(1)> ${S}lamp${E}`)).toEqual([
      { text: '<img src=x onerror=alert(1)> ', match: false },
      { text: 'lamp', match: true },
    ]);
  });

  it('refuses unbalanced or nested marks', () => {
    expect(highlightParts(`${S}lamp`)).toBeUndefined();
    expect(highlightParts(`lamp${E}`)).toBeUndefined();
    expect(highlightParts(`${S}a${S}b${E}${E}`)).toBeUndefined();
  });

  it("reads a hit's fields, leaving out one whose own text holds a marker", () => {
    const source = { title: 'Brass lamp', description: `odd ${S} text` };
    expect(hitHighlight({ title: [`Brass ${S}lamp${E}`], description: [`odd ${S} text`] }, source)).toEqual({
      title: [
        { text: 'Brass ', match: false },
        { text: 'lamp', match: true },
      ],
    });
    expect(hitHighlight({ description: [`odd ${S} text`] }, source)).toBeUndefined();
    expect(hitHighlight(undefined, source)).toBeUndefined();
  });
});
