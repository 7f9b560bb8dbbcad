import { accountSearchWords } from '../../../worker/connectors/accountSearchWords';
import { normaliseName } from '../../../workflows/domain/contactMatching';

describe('accountSearchWords', () => {
  it.each([
    ['The Best Co', ['best', 'the']],
    ['ACME Limited', ['acme']],
    ['100%_Co', ['100']],
    ["O'Brien & Sons Ltd", ['brien', 'sons', 'o']],
    ['Smith and Smith', ['smith']],
    // Words the normalisation changed are left out: a stored name may keep the accent.
    ['Café Zoë Rossi', ['rossi']],
    // None left: the first normalised word, as before.
    ['Café Zoë', ['cafe']],
    ['Co.', []],
  ])('%j → %j', (name, words) => {
    expect(accountSearchWords(name)).toEqual(words);
  });

  it('keeps the longest words when capped', () => {
    expect(accountSearchWords('A Bb Ccc Dddd', 2)).toEqual(['dddd', 'ccc']);
  });

  it('every word is a plain substring of any name that normalises the same', () => {
    const stored = ['THE BEST CO.', 'The Best Company', 'the-best co'];
    for (const name of stored) {
      expect(normaliseName(name)).toBe(normaliseName('The Best Co'));
      for (const word of accountSearchWords('The Best Co')) expect(name.toLowerCase()).toContain(word);
    }
  });
});
