import { describe, expect, it } from 'vitest';
import { andList, counted, pluralNoun, queryScripts, readsAsEnglish } from '../../src/text/index.js';

describe('queryScripts and readsAsEnglish', () => {
  it.each([
    ['what should the UN Security Council do?', true],
    ['Sécurité nucléaire', true],
    ['2013', true],
    ['북한 Security Council', true],
    ['북한 핵실험 sanctions', false],
    ['북한 핵', false],
    ['北朝鮮の核問題について', false],
    ['北朝鮮 nuclear', false],
    ['Что делать с Северной Кореей?', false],
    ['what is 북한', false],
    ['2013년 북한', false],
    ['🤔 ❓ !!!', false],
  ])('%s → searched as English: %s', (query, english) => {
    expect(readsAsEnglish(queryScripts(query))).toBe(english);
  });

  it('names the scripts in order and keeps only content words as English', () => {
    const scripts = queryScripts('the 北朝鮮 and 북한 Nunn-Lugar');
    expect(scripts.otherScripts).toEqual(['Chinese characters', 'Hangul']);
    expect(scripts.englishWords).toEqual(['Nunn', 'Lugar']);
  });

  it('counts a run of an unspaced script as several words', () => {
    expect(queryScripts('北朝鮮の核問題について').otherScriptWords).toBe(6);
    expect(queryScripts('북한 핵 문제').otherScriptWords).toBe(3);
  });
});

describe('counted nouns', () => {
  it.each([
    [0, 'works'],
    [1, 'work'],
    [2, 'works'],
    [1200, 'works'],
  ])('%i %s', (count, noun) => {
    expect(pluralNoun(count, 'work')).toBe(noun);
  });

  it('prints the count, and takes an irregular plural', () => {
    expect(counted(1, 'work')).toBe('1 work');
    expect(counted(1200, 'entry', 'entries')).toBe('1,200 entries');
    expect(counted(1, 'entry', 'entries')).toBe('1 entry');
  });

  it('joins a list without a comma before "and"', () => {
    expect(andList([])).toBe('');
    expect(andList(['A'])).toBe('A');
    expect(andList(['A', 'B'])).toBe('A and B');
    expect(andList(['A', 'B', 'C'])).toBe('A, B and C');
  });
});
